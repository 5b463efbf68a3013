/** A plain JSON value: what GraphQL types and HTTP clients see in place of driver objects. */
export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };
