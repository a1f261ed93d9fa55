/**
 * Offline synthesis for the infra tests, the way PITFALLS.md found to work: initialize the SST
 * project, build an App in deploy mode, add the stacks, finish (which bundles every function with
 * esbuild), then read each stack's CloudFormation template. Nothing here talks to AWS.
 */
import { Template } from "aws-cdk-lib/assertions";
import { App, getStack } from "sst/constructs";
import type { FunctionalStack } from "sst/constructs/FunctionalStack.js";
import { initProject } from "sst/project.js";
import { composeApp, STACKS_WITHOUT_WEB } from "./app.js";

/** A fictitious account: synthesis needs one, nothing is deployed. */
export const TEST_ACCOUNT = "123456789012";
export const TEST_REGION = "ap-southeast-1";

/** Synthesized templates by stack, plus how long synthesis took. */
export interface Synthesized {
  template(stack: FunctionalStack<unknown>): Template;
  /** Every synthesized template, for checks that span stacks. */
  all(): Template[];
  seconds: number;
}

/** A fresh SST App for `stage`, as `sst deploy --stage <stage>` would make it. */
export async function newApp(stage: string): Promise<App> {
  await initProject({ stage });
  return new App({ mode: "deploy", stage, region: TEST_REGION, account: TEST_ACCOUNT, name: "ioc" });
}

/** Synthesizes `stacks` (a dependency-closed list; by default all but the slow Web) for `stage`. */
export async function synthesize(
  stage: string,
  stacks: readonly FunctionalStack<unknown>[] = STACKS_WITHOUT_WEB,
): Promise<Synthesized> {
  const started = performance.now();
  const app = await newApp(stage);
  composeApp(app, stacks);
  await app.finish();
  return collect(stacks, started);
}

/** Reads the templates of `stacks` right away: `getStack` answers for the latest App only. */
export function collect(stacks: readonly FunctionalStack<unknown>[], started: number): Synthesized {
  const templates = new Map(stacks.map((stack) => [stack, Template.fromStack(getStack(stack))]));
  return {
    template(stack) {
      const template = templates.get(stack);
      if (!template) throw new Error(`stack ${stack.name} was not synthesized`);
      return template;
    },
    all: () => [...templates.values()],
    seconds: (performance.now() - started) / 1000,
  };
}

/** The resources of one CloudFormation type in a template, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, { Properties: Record<string, unknown> }> {
  return template.findResources(type) as Record<string, { Properties: Record<string, unknown> }>;
}

/** A policy statement as CloudFormation holds it. */
export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every statement of every IAM policy (inline and role-embedded) in a template. */
export function policyStatements(template: Template): Array<Statement & { policy: string }> {
  const out: Array<Statement & { policy: string }> = [];
  for (const [id, policy] of Object.entries(resourcesOf(template, "AWS::IAM::Policy"))) {
    const document = policy.Properties.PolicyDocument as { Statement: Statement[] };
    for (const statement of document.Statement) out.push({ ...statement, policy: id });
  }
  for (const [id, role] of Object.entries(resourcesOf(template, "AWS::IAM::Role"))) {
    for (const inline of (role.Properties.Policies as Array<{ PolicyDocument: { Statement: Statement[] } }>) ?? []) {
      for (const statement of inline.PolicyDocument.Statement) out.push({ ...statement, policy: id });
    }
  }
  return out;
}

/** A statement's actions as a list. */
export const actionsOf = (statement: Statement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

/** The logical id of the one resource of `type` whose logical id starts with `prefix`. */
export function logicalIdOf(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(resourcesOf(template, type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} named ${prefix}*, found ${ids.join(", ") || "none"}`);
  return ids[0] as string;
}

/** The properties of the one Lambda function whose logical id starts with `prefix`. */
export function functionProps(template: Template, prefix: string): Record<string, unknown> {
  const id = logicalIdOf(template, "AWS::Lambda::Function", prefix);
  return resourcesOf(template, "AWS::Lambda::Function")[id]?.Properties ?? {};
}

/** The environment variables of that function. */
export function environmentOf(template: Template, prefix: string): Record<string, unknown> {
  return (
    (functionProps(template, prefix).Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
    {}
  );
}

/** The permissions of one function: its role's statements and managed policies. */
export function permissionsOf(template: Template, functionPrefix: string) {
  const functionId = logicalIdOf(template, "AWS::Lambda::Function", functionPrefix);
  const fn = functionProps(template, functionPrefix);
  const roleId = (fn.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
  const role = resourcesOf(template, "AWS::IAM::Role")[roleId];
  const statements: Statement[] = [];
  for (const policy of Object.values(resourcesOf(template, "AWS::IAM::Policy"))) {
    const roles = (policy.Properties.Roles as Array<{ Ref?: string }>) ?? [];
    if (roles.some((r) => r.Ref === roleId)) {
      statements.push(...(policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    }
  }
  return {
    functionId,
    roleId,
    statements,
    managedPolicies: JSON.stringify(role?.Properties.ManagedPolicyArns ?? []),
  };
}

/** The table (or its stream) a policy resource points at, recognised by Storage's export names. */
export function tableOf(resource: unknown): string | undefined {
  const match = /(Readings|State|History|Control|Connections)Table[0-9A-F]+(StreamArn|Arn)/.exec(
    JSON.stringify(resource),
  );
  if (!match) return undefined;
  return `${match[1]?.toLowerCase()}${match[2] === "StreamArn" ? ":stream" : ""}`;
}

/** DynamoDB actions granted per table (or `<table>:stream`), from a list of statements. */
export function dynamoAccess(statements: Statement[]): Record<string, string[]> {
  const access: Record<string, Set<string>> = {};
  for (const statement of statements) {
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    for (const action of actionsOf(statement).filter((a) => a.startsWith("dynamodb:"))) {
      for (const resource of resources) {
        const table = resource === "*" ? "*" : tableOf(resource);
        if (!table) continue;
        const actionsOnTable = access[table] ?? new Set<string>();
        actionsOnTable.add(action.replace("dynamodb:", ""));
        access[table] = actionsOnTable;
      }
    }
  }
  return Object.fromEntries(Object.entries(access).map(([table, actions]) => [table, [...actions].sort()]));
}

/**
 * Actions AWS offers only on `*`: CloudWatch Logs retention (set by CDK on log groups Lambda
 * creates itself) and DynamoDB Streams' ListStreams.
 */
export const STAR_RESOURCE_ONLY = new Set([
  "logs:PutRetentionPolicy",
  "logs:DeleteRetentionPolicy",
  "dynamodb:ListStreams",
]);

/** Grants of every action, of a whole service, or on `*` beyond `STAR_RESOURCE_ONLY`. */
export function wildcardGrants(templates: Template[]): string[] {
  const offending: string[] = [];
  for (const template of templates) {
    for (const statement of policyStatements(template)) {
      if (statement.Effect !== "Allow") continue;
      const actions = actionsOf(statement);
      for (const action of actions) {
        if (action === "*" || action.endsWith(":*")) offending.push(`${statement.policy}: ${action}`);
      }
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      if (resources.includes("*")) {
        for (const action of actions) {
          if (!STAR_RESOURCE_ONLY.has(action)) offending.push(`${statement.policy}: ${action} on *`);
        }
      }
    }
  }
  return offending;
}
