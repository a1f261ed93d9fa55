/**
 * Logging the AWS adapters need; Powertools' Logger satisfies it, so does a test spy. Extras are a
 * rest parameter because Powertools' overloads do not accept a single optional one.
 */
export interface AwsLogger {
  debug(message: string, ...extra: Record<string, unknown>[]): void;
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}
