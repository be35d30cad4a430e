using System.Globalization;
using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>ILM policies, validated like <c>PUT /_ilm/policy/{name}</c> (known phases, actions allowed in each phase, rollover conditions).</summary>
internal sealed class LifecyclePolicies
{
    private static readonly Dictionary<string, string[]> ActionsByPhase = new(StringComparer.Ordinal)
    {
        ["hot"] = ["set_priority", "unfollow", "rollover", "readonly", "downsample", "shrink", "forcemerge", "searchable_snapshot"],
        ["warm"] = ["set_priority", "unfollow", "readonly", "downsample", "allocate", "migrate", "shrink", "forcemerge"],
        ["cold"] = ["set_priority", "unfollow", "readonly", "downsample", "searchable_snapshot", "allocate", "migrate", "freeze"],
        ["frozen"] = ["unfollow", "searchable_snapshot"],
        ["delete"] = ["wait_for_snapshot", "delete"],
    };

    private readonly SortedDictionary<string, Stored> _policies = new(StringComparer.Ordinal);

    /// <summary>The PUT bodies (<c>{"policy":{...}}</c>) by name.</summary>
    public IReadOnlyDictionary<string, JsonObject> Bodies => _policies.ToDictionary(p => p.Key, p => p.Value.Body, StringComparer.Ordinal);

    public IEnumerable<string> Names => _policies.Keys;

    public bool Contains(string name) => _policies.ContainsKey(name);

    public EsAnswer? Put(string name, JsonObject body, DateTimeOffset now)
    {
        if (KnownFields.Refusal(body, "put_lifecycle_request", "policy") is { } unknown)
        {
            return unknown;
        }

        if (body["policy"] is not JsonObject policy)
        {
            return EsErrors.Parse("[1:2] Required [policy]");
        }

        if (KnownFields.Refusal(policy, "lifecycle_policy", "phases", "_meta", "deprecated") is { } unknownInPolicy)
        {
            return unknownInPolicy;
        }

        foreach (var (phase, definition) in policy["phases"] as JsonObject ?? [])
        {
            if (!ActionsByPhase.TryGetValue(phase, out var allowed))
            {
                return EsErrors.IllegalArgument($"Lifecycle does not support phase [{phase}]");
            }

            foreach (var (action, settings) in definition?["actions"] as JsonObject ?? [])
            {
                if (!allowed.Contains(action, StringComparer.Ordinal))
                {
                    return EsErrors.IllegalArgument($"invalid action [{action}] defined in phase [{phase}]");
                }

                if (action == "rollover" && !(settings as JsonObject ?? []).Any(c => c.Key.StartsWith("max_", StringComparison.Ordinal)))
                {
                    return EsErrors.IllegalArgument("At least one max_* rollover condition must be set.");
                }
            }
        }

        long version = _policies.TryGetValue(name, out var previous) ? previous.Version + 1 : 1;
        _policies[name] = new Stored((JsonObject)body.DeepClone(), version, now);
        return null;
    }

    public bool Remove(string name) => _policies.Remove(name);

    /// <summary>The entry of <c>GET /_ilm/policy</c>: version, modified_date, the policy (phases with min_age filled in) and in_use_by.</summary>
    public JsonObject Rendered(string name, JsonObject inUseBy)
    {
        var stored = _policies[name];
        var policy = (JsonObject)stored.Body["policy"]!.DeepClone();
        foreach (var (_, phase) in policy["phases"] as JsonObject ?? [])
        {
            if (phase is JsonObject p)
            {
                p["min_age"] ??= "0ms";
                p["actions"] ??= new JsonObject();
            }
        }

        return new JsonObject
        {
            ["version"] = stored.Version,
            ["modified_date"] = stored.Modified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["policy"] = policy,
            ["in_use_by"] = inUseBy,
        };
    }

    private sealed record Stored(JsonObject Body, long Version, DateTimeOffset Modified);
}
