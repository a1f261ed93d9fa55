/**
 * Deployment settings that differ per province or stage. SST loads `.env.<stage>` before the
 * stacks run, so a province sets these there (or in the shell) rather than editing code.
 */

/** What a deployment is configured with. */
export interface DeployConfig {
  /** The province dashboards show when a request names none (2 digits; 99 is the synthetic demo). */
  defaultProvince: string;
}

/** Reads and checks the settings; a bad value stops the deployment before anything changes. */
export function deployConfig(env: Record<string, string | undefined> = process.env): DeployConfig {
  const defaultProvince = env.IOC_DEFAULT_PROVINCE ?? "99";
  if (!/^\d{2}$/.test(defaultProvince)) {
    throw new Error(`IOC_DEFAULT_PROVINCE=${defaultProvince} is not a 2-digit province code`);
  }
  return { defaultProvince };
}
