/**
 * The administration sections, in tab order: id (the `?admin=` value), the permission the server
 * asks for, the tab's words and the component. A new screen is one line here.
 */
import type { Permission } from "@ioc/core";
import type { Component } from "solid-js";
import { o } from "../alerts/ops-i18n.js";
import { AuditPage } from "../audit/AuditPage.js";
import { a } from "./admin-i18n.js";
import { BoundariesAdmin, boundariesLabel } from "./Boundaries.js";
import { DeadLettersAdmin } from "./DeadLetters.js";
import { RulesAdmin } from "./Rules.js";
import { SourcesAdmin } from "./Sources.js";
import { TargetsAdmin } from "./Targets.js";
import { UsersAdmin } from "./Users.js";

/** One administration section. */
export interface AdminSectionDef {
  id: string;
  permission: Permission;
  label: () => string;
  component: Component;
}

/** Every section; the shell shows those the signed-in user holds the permission for. */
export const ADMIN_SECTIONS: readonly AdminSectionDef[] = [
  { id: "sources", permission: "sources:write", label: () => a("sources"), component: SourcesAdmin },
  { id: "rules", permission: "rules:write", label: () => a("rules"), component: RulesAdmin },
  { id: "targets", permission: "targets:write", label: () => a("targets"), component: TargetsAdmin },
  { id: "deadletters", permission: "deadletters:write", label: () => a("deadLetters"), component: DeadLettersAdmin },
  { id: "boundaries", permission: "boundaries:write", label: boundariesLabel, component: BoundariesAdmin },
  { id: "users", permission: "users:read", label: () => a("users"), component: UsersAdmin },
  { id: "audit", permission: "audit:read", label: () => o("audit"), component: AuditPage },
];
