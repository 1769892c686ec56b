/** An entry applies to every environment unless it lists `environments:`. */
export const appliesTo = (entry: { environments?: string[] }, environment: string): boolean =>
  !entry.environments || entry.environments.includes(environment);
