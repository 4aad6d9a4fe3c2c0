/** The evaluation context: everything an expression can read, with a fixed clock and random source. */
export interface ExprContext {
  parameters?: Record<string, unknown>;
  globalParameters?: Record<string, unknown>;
  variables?: Record<string, unknown>;
  activities?: Record<string, { output?: unknown; status?: string; error?: unknown }>;
  item?: unknown;
  /** Distinguishes item() === null from "not inside ForEach". When absent, item !== undefined decides. */
  hasItem?: boolean;
  pipeline?: {
    DataFactory?: string; Pipeline?: string; RunId?: string; TriggerType?: string; TriggerId?: string;
    TriggerName?: string; TriggerTime?: string; GroupId?: string; TriggeredByPipelineName?: string;
    TriggeredByPipelineRunId?: string;
    /** Microsoft Fabric: the pipeline's library variables (declared under libraryVariables). */
    libraryVariables?: Record<string, unknown>;
  };
  trigger?: { startTime?: string; scheduledTime?: string; outputs?: Record<string, unknown> };
  triggerBody?: Record<string, unknown>;
  dataset?: Record<string, unknown>;
  linkedService?: Record<string, unknown>;
  /** ISO 8601 UTC clock for utcNow() and the relative date functions; the real clock when absent. */
  now?: string;
  /** One read of a scripted clock (tests); undefined falls back to `now`. */
  clock?: () => string | undefined;
  /** Seeded source in [0, 1) for rand() and guid(); Math.random when absent. */
  random?: () => number;
}
