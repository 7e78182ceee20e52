/**
 * The id of the base framework: Monzo's frameworks build on a generic one (`path: "/generic"`)
 * whose topics every other framework shares (see base-framework.ts).
 */
export const BASE_FRAMEWORK_ID = 'generic';
