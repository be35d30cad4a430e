using System.Collections.Concurrent;
using System.Globalization;

namespace EsaBridge.Outputs.Splunk;

/// <summary>HEC's answers on stderr: every answer that is not a plain success at once (text, code, invalid-event-number,
/// ackId, Retry-After), and at the end a tally of all answers by text and code. Never sees the token. Thread-safe.</summary>
internal sealed class HecLog(TextWriter error)
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, long> _answers = new(StringComparer.Ordinal);
    private long _ackIds;
    private long _ackPolls;
    private long _ackTimeouts;

    public void Line(string text)
    {
        lock (_gate)
        {
            error.WriteLine($"esabridge: splunk-hec: {text}");
        }
    }

    /// <summary>Counts the answer under its status, text and code.</summary>
    public void Count(HecReply reply)
    {
        string key = reply.Text is null
            ? string.Create(CultureInfo.InvariantCulture, $"HTTP {reply.Status}")
            : string.Create(CultureInfo.InvariantCulture, $"HTTP {reply.Status} {reply.Text} (code {reply.Code})");
        _answers.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (reply.AckId is not null)
        {
            Interlocked.Increment(ref _ackIds);
        }
    }

    public void AckPolled() => Interlocked.Increment(ref _ackPolls);

    public void AckTimedOut() => Interlocked.Increment(ref _ackTimeouts);

    public void Summary(bool acknowledgement, string channel)
    {
        if (!_answers.IsEmpty)
        {
            Line("answers: " + string.Join("; ", _answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a =>
                string.Create(CultureInfo.InvariantCulture, $"{a.Value} x {a.Key}"))));
        }

        if (acknowledgement)
        {
            Line(string.Create(CultureInfo.InvariantCulture,
                $"indexer acknowledgement on channel {channel}: {Interlocked.Read(ref _ackIds)} ackIds, {Interlocked.Read(ref _ackPolls)} polls, {Interlocked.Read(ref _ackTimeouts)} timed out"));
        }
    }
}
