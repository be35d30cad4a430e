using System.Globalization;
using EsaBridge.Logging;

namespace EsaBridge.Delivery;

/// <summary>Turns an output's <see cref="DeliveryTrouble"/> into log lines, rate-limited per kind: the first failure of a
/// kind is written at once, later ones at most once per interval, with how many there were since (so an outage of hours
/// is a line every interval, not a line per attempt). Dead letters are summed: count, the server's reason, the total
/// since start and the file they are in. What is held back is written when the interval ends, or at dispose.</summary>
internal sealed class TroubleLog : IDisposable
{
    private readonly DeliveryTrouble _trouble;
    private readonly string _output;
    private readonly Action<TroubleKind, string> _write;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly string? _deadLetterPath;
    private readonly Lock _gate = new();
    private readonly Dictionary<(TroubleKind, string), Held> _held = [];
    private readonly ITimer _timer;
    private long _deadLetters;

    /// <param name="write">Writes one line (without the output's name) at a level fitting its kind.</param>
    public TroubleLog(
        DeliveryTrouble trouble, string output, Action<TroubleKind, string> write, TimeSpan interval, string? deadLetterPath, TimeProvider? time = null)
    {
        _trouble = trouble;
        _output = output;
        _write = write;
        _interval = interval;
        _deadLetterPath = deadLetterPath;
        _time = time ?? TimeProvider.System;
        _timer = _time.CreateTimer(_ => Flush(), null, interval, interval);
        trouble.Happened += On;
    }

    public void Flush()
    {
        var lines = new List<(TroubleKind, string)>();
        lock (_gate)
        {
            foreach (var ((kind, _), held) in _held)
            {
                if (held.Count > 0)
                {
                    held.Limit.Logged();
                    lines.Add((kind, Take(kind, held)));
                }
            }
        }

        foreach (var (kind, line) in lines)
        {
            _write(kind, line);
        }
    }

    public void Dispose()
    {
        _trouble.Happened -= On;
        _timer.Dispose();
        Flush();
    }

    private void On(TroubleEvent e)
    {
        string? line = null;
        lock (_gate)
        {
            _deadLetters += e.Documents;
            if (!_held.TryGetValue((e.Kind, e.Key), out var held))
            {
                held = new Held(new RateLimitedLog(_interval, _time));
                _held[(e.Kind, e.Key)] = held;
            }

            held.Text = e.Text;
            held.Count++;
            held.Documents += e.Documents;
            if (held.Limit.ShouldLog(out _))
            {
                line = Take(e.Kind, held);
            }
        }

        if (line is not null)
        {
            _write(e.Kind, line);
        }
    }

    private string Take(TroubleKind kind, Held held)
    {
        string line = kind switch
        {
            TroubleKind.DeadLetter => string.Create(CultureInfo.InvariantCulture,
                $"{held.Documents} documents dead-lettered: {held.Text} ({_deadLetters} dead letters from {_output} since start{(_deadLetterPath is null ? string.Empty : ", in " + _deadLetterPath)})"),
            TroubleKind.Recovered => $"delivering again (after: {held.Text})",
            _ when held.Count > 1 => string.Create(CultureInfo.InvariantCulture, $"{held.Text} ({held.Count} failures like it since the last line)"),
            _ => held.Text,
        };
        held.Count = 0;
        held.Documents = 0;
        return line;
    }

    private sealed class Held(RateLimitedLog limit)
    {
        public RateLimitedLog Limit => limit;

        public string Text { get; set; } = string.Empty;

        public long Count { get; set; }

        public long Documents { get; set; }
    }
}
