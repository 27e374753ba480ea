/**
 * The Standard Schema interface (standardschema.dev), which zod 4, valibot and arktype implement.
 * Catalogs validate through it, so core never imports zod at run time and users may bring any of them.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardIssue> };

export interface StandardIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** The input type a Standard Schema accepts. */
export type InferSchemaInput<S> = S extends StandardSchemaV1<infer I, unknown> ? I : never;
