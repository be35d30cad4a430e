using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>Where a write goes: an existing or newly created target, or the per-item error (with its status) instead.</summary>
internal sealed record Resolution(WriteTarget? Target, int Status, JsonObject? Error)
{
    public static Resolution To(WriteTarget target) => new(target, 0, null);

    public static Resolution Fail(int status, JsonObject error) => new(null, status, error);
}
