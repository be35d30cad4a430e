using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>The per-item error causes of a bulk response that carry Elasticsearch's metadata.</summary>
internal static class BulkErrors
{
    public static JsonObject VersionConflict(WriteTarget target, string id, long currentVersion) => EsErrors.Cause(
        "version_conflict_engine_exception",
        $"[{id}]: version conflict, document already exists (current version [{currentVersion}])",
        ShardMetadata(target));

    public static JsonObject DocumentMissing(WriteTarget target, string id) =>
        EsErrors.Cause("document_missing_exception", $"[{id}]: document missing", ShardMetadata(target));

    public static JsonObject Rejected() => EsErrors.Cause(
        "es_rejected_execution_exception",
        "rejected execution of primary operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, "
        + "primary_operation_bytes=3517, max_coordinating_and_primary_bytes=107374182]");

    private static JsonObject ShardMetadata(WriteTarget target) =>
        new() { ["index_uuid"] = target.Uuid, ["shard"] = "0", ["index"] = target.WriteIndex };
}
