/**
 * The id of the base framework: Monzo's frameworks build on a generic one (`path: "/generic"`)
 * whose topics every other framework shares (see base-framework.ts).
 */
export const BASE_FRAMEWORK_ID = 'generic';

/** Prefix of the ids of criteria lent by the base framework, keeping them apart from own ones. */
export const BASE_ID_PREFIX = 'base.';
