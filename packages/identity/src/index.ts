export * from "./claims.js";
export * from "./cognito.js";
export * from "./device-credentials.js";
export * from "./jwt-verifier.js";
export * from "./local-issuer.js";
export * from "./local-user-directory.js";
export * from "./passwords.js";
export * from "./source-keys.js";
