/** The notifier's AWS glue, apart from the package root so the live-socket bundles do not carry nodemailer. */
export * from "./notifier-handler.js";
export * from "./webhook-secrets.js";
