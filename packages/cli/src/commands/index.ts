import type { CliCommand } from "../cli-context.js";
import { auditVerify } from "./audit.js";
import { dlqList, dlqReplay } from "./dlq.js";
import { geoImport, geoImportMapping } from "./geo.js";
import { historyImport, historyMove } from "./history.js";
import { keysCreate, keysList, keysRevoke } from "./keys.js";
import { sourcesAdd, sourcesList } from "./sources.js";

/** Every `ioc <group> <action>` command; a feature adds its group here. */
export const COMMANDS: Record<string, Record<string, CliCommand>> = {
  sources: { add: sourcesAdd, list: sourcesList },
  keys: { create: keysCreate, list: keysList, revoke: keysRevoke },
  dlq: { list: dlqList, replay: dlqReplay },
  geo: { import: geoImport, "import-mapping": geoImportMapping },
  history: { import: historyImport, move: historyMove },
  audit: { verify: auditVerify },
};
