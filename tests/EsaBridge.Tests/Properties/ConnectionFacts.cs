using System.Globalization;
using System.Text.Json;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests.Properties;

/// <summary>
/// The facts of one connection document (docs/session-document.md, "Version 2: connection documents") that a generated
/// session fixes, read from the document's JSON; records compare by value and print every field.
/// </summary>
public sealed record ConnectionFacts(
    string? Appliance,
    long Icid,
    string? EventId,
    string? Action,
    string? Outcome,
    string? AbortClass,
    bool NearTimeout,
    long? IdleSeconds,
    long StartSeconds,
    long EndSeconds,
    string Mids,
    long MessageCount,
    long RejectedRecipients,
    string? SourceIp,
    string? Policy,
    string? SenderGroup,
    bool? Lost,
    string? TlsFailure)
{
    private const string Dataset = "cisco_esa.connection";

    public static bool IsConnection(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("event").GetProperty("dataset").GetString() == Dataset;
    }

    public static string? ApplianceOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Text(document.RootElement, "observer", "hostname");
    }

    public static ConnectionFacts Expected(string appliance, ExpectedConnection c) => new(
        appliance,
        c.Icid,
        EventIdentity.ForConnection(appliance, c.Icid, c.StartSeconds),
        c.Action,
        c.Action == "connection-closed" ? "success" : "failure",
        AbortClassNames.Of(c.AbortClass),
        c.NearTimeout,
        c.IdleSeconds,
        c.StartSeconds,
        c.EndSeconds,
        string.Join(",", c.Mids),
        c.Mids.Count,
        c.RejectedRecipients,
        c.Spec.SourceIp,
        c.Spec.Policy,
        c.Spec.SenderGroup,
        c.Lost,
        c.TlsFailure);

    public static ConnectionFacts Observed(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var esa = root.GetProperty("cisco").GetProperty("esa");
        var abort = esa.GetProperty("abort");
        return new ConnectionFacts(
            Text(root, "observer", "hostname"),
            esa.GetProperty("icid").GetInt64(),
            Text(root, "event", "id"),
            Text(root, "event", "action"),
            Text(root, "event", "outcome"),
            Text(abort, "class"),
            abort.GetProperty("near_timeout").GetBoolean(),
            abort.TryGetProperty("idle_seconds", out var idle) ? idle.GetInt64() : null,
            Seconds(Text(root, "event", "start")),
            Seconds(Text(root, "event", "end")),
            esa.TryGetProperty("mids", out var mids) ? string.Join(",", mids.EnumerateArray().Select(m => m.GetInt64())) : string.Empty,
            esa.GetProperty("message_count").GetInt64(),
            esa.TryGetProperty("rejected_recipients", out var rejected) ? rejected.GetInt64() : 0,
            Text(root, "source", "ip"),
            Text(esa, "connection", "policy"),
            Text(esa, "connection", "sender_group"),
            esa.TryGetProperty("connection", out var c) && c.TryGetProperty("lost", out var lost) ? lost.GetBoolean() : null,
            Text(esa, "connection", "tls_failure"));
    }

    /// <summary>
    /// Exactly one connection document per generated ICID (none for a refusal before an ICID), each with the facts its
    /// session fixes, and no two with the same <c>event.id</c>.
    /// </summary>
    public static void Check(SessionSet set, IReadOnlyList<string> json, string appliance)
    {
        var expected = set.Connections.Select(c => Expected(appliance, c)).OrderBy(f => f.Icid).ToList();
        var observed = json.Select(Observed).OrderBy(f => f.Icid).ToList();
        Assert.Equal(expected.Select(f => f.Icid), observed.Select(f => f.Icid));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], observed[i]);
        }

        Assert.Equal(observed.Count, observed.Select(f => f.EventId).Distinct(StringComparer.Ordinal).Count());
    }

    private static long Seconds(string? time) =>
        DateTimeOffset.Parse(time!, CultureInfo.InvariantCulture).ToUnixTimeSeconds();

    private static string? Text(JsonElement e, params string[] path)
    {
        foreach (string name in path)
        {
            if (!e.TryGetProperty(name, out e))
            {
                return null;
            }
        }

        return e.GetString();
    }
}
