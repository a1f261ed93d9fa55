/**
 * The five DynamoDB tables, built from the same declarations the local runtime uses
 * (`TABLE_SHAPES`, `TABLE_KEY` in @ioc/store), so local and AWS cannot drift apart.
 */
import { TABLE_KEY, TABLE_SHAPES, type TableShape } from "@ioc/store";
import { RemovalPolicy } from "aws-cdk-lib";
import { type StackContext, Table } from "sst/constructs";
import { isDisposableStage } from "./stages.js";

/** The tables; other stacks `use(Storage)`. */
export function Storage({ stack, app }: StackContext) {
  const protect = !isDisposableStage(app.stage);

  const table = (id: string, shape: TableShape) =>
    new Table(stack, id, {
      fields: { [TABLE_KEY.partitionKey]: "string", [TABLE_KEY.sortKey]: "string" },
      primaryIndex: { partitionKey: TABLE_KEY.partitionKey, sortKey: TABLE_KEY.sortKey },
      ...(shape.ttlAttribute ? { timeToLiveAttribute: shape.ttlAttribute } : {}),
      // Both consumers need the new image; NEW_AND_OLD_IMAGES matches the local tables exactly.
      stream: shape.stream ? "new_and_old_images" : false,
      cdk: {
        table: {
          // SST already turns point-in-time recovery on for every table it creates.
          deletionProtection: protect,
          removalPolicy: protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        },
      },
    });

  const readings = table("Readings", TABLE_SHAPES.readings);
  const state = table("State", TABLE_SHAPES.state);
  const history = table("History", TABLE_SHAPES.history);
  const control = table("Control", TABLE_SHAPES.control);
  const connections = table("Connections", TABLE_SHAPES.connections);

  stack.addOutputs({
    ReadingsTable: readings.tableName,
    StateTable: state.tableName,
    HistoryTable: history.tableName,
    ControlTable: control.tableName,
    ConnectionsTable: connections.tableName,
  });
  /** The table names every function that builds the product's stores reads (`tablesFromEnv`). */
  const tableEnvironment = {
    READINGS_TABLE: readings.tableName,
    STATE_TABLE: state.tableName,
    HISTORY_TABLE: history.tableName,
    CONTROL_TABLE: control.tableName,
  };
  return { readings, state, history, control, connections, tableEnvironment };
}
