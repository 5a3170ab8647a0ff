/** A JSON value, as configs and layer specs are made of. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
