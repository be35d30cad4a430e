using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EsaBridge.Bench.Baseline;

namespace EsaBridge.Bench;

/// <summary>
/// The straightforward way most site scripts read ESA mail logs, kept as the baseline to beat: one line at a time
/// with <see cref="TextReader.ReadLine"/>, one compiled regular expression per line shape tried in turn, a
/// dictionary of state per ICID and per MID, and at <c>Message finished</c> one JSON line written with
/// <see cref="JsonSerializer"/>. Naive, but it computes the contract's abort class correctly.
/// </summary>
internal sealed class RegexBaseline
{
    private const RegexOptions Compiled = RegexOptions.Compiled | RegexOptions.CultureInvariant;

    private static readonly Regex Prefix =
        new(@"^\w{3} (\w{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) (\w+): (.*)$", Compiled);

    private static readonly Regex NewIcid = new(
        @"^New SMTP ICID (\d+) interface (.+?) \(([\d.]+)\) address ([\d.]+)(?: reverse dns host\s+(\S+) verified (yes|no))?",
        Compiled);

    private static readonly Regex IcidPolicy =
        new(@"^ICID (\d+) (ACCEPT|REJECT|RELAY|TCPREFUSE|CONTINUE) SG (\S+) match (.*?) SBR[Ss] (.+?)(?: country (.+))?$", Compiled);

    private static readonly Regex IcidLost = new(@"^ICID (\d+) lost$", Compiled);
    private static readonly Regex IcidClose = new(@"^ICID (\d+) close$", Compiled);
    private static readonly Regex StartMid = new(@"^Start MID (\d+) ICID (\d+)", Compiled);
    private static readonly Regex From = new(@"^MID (\d+) ICID (\d+) From: <?([^>]*)>?", Compiled);
    private static readonly Regex To = new(@"^MID (\d+) ICID (\d+) RID (\d+) To: <?([^>]*)>?", Compiled);
    private static readonly Regex Subject = new(@"^MID (\d+) Subject (.*)$", Compiled);
    private static readonly Regex Aborted = new(@"^Message aborted MID (\d+) (.*?)\s*$", Compiled);
    private static readonly Regex Finished = new(@"^Message finished MID (\d+) (done|aborted)", Compiled);
    private static readonly Regex TimeOffset = new(@"^Time offset from UTC: (-?\d+) seconds", Compiled);
    private static readonly Regex AnyMid = new(@"\bMID (\d+)\b", Compiled);

    private static readonly string[] Months =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly TextWriter _output;
    private readonly AbortClassifier _classifier;
    private readonly Dictionary<long, BaselineConnection> _connections = [];
    private readonly Dictionary<long, BaselineMessage> _messages = [];
    private readonly DocumentCounts _counts = new();
    private int _utcOffsetSeconds;
    private long _lines;
    private long _unparsed;

    public RegexBaseline(TextWriter output, AbortClassifier classifier)
    {
        _output = output;
        _classifier = classifier;
    }

    public BaselineResult Run(TextReader input)
    {
        string? line;
        while ((line = input.ReadLine()) is not null)
        {
            _lines++;
            Match prefix = Prefix.Match(line);
            if (!prefix.Success)
            {
                _unparsed++;
                continue;
            }

            var time = new DateTime(
                int.Parse(prefix.Groups[6].Value, CultureInfo.InvariantCulture),
                Array.IndexOf(Months, prefix.Groups[1].Value) + 1,
                int.Parse(prefix.Groups[2].Value, CultureInfo.InvariantCulture),
                int.Parse(prefix.Groups[3].Value, CultureInfo.InvariantCulture),
                int.Parse(prefix.Groups[4].Value, CultureInfo.InvariantCulture),
                int.Parse(prefix.Groups[5].Value, CultureInfo.InvariantCulture),
                DateTimeKind.Unspecified);
            Handle(time, prefix.Groups[8].Value);
        }

        return new BaselineResult(_counts, _lines, _unparsed, _messages.Count);
    }

    private static long Number(Match match, int group) =>
        long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static string Unquote(string text) =>
        text.Length >= 2 && (text[0] == '\'' || text[0] == '"') && text[^1] == text[0] ? text[1..^1] : text;

    private void Handle(DateTime time, string text)
    {
        Match m;
        if ((m = NewIcid.Match(text)).Success)
        {
            _connections[Number(m, 1)] = new BaselineConnection
            {
                DestinationIp = m.Groups[3].Value,
                SourceIp = m.Groups[4].Value,
            };
        }
        else if ((m = IcidPolicy.Match(text)).Success)
        {
            BaselineConnection connection = Connection(Number(m, 1));
            connection.Policy = m.Groups[2].Value;
            connection.SenderGroup = m.Groups[3].Value;
            connection.Sbrs = m.Groups[5].Value;
        }
        else if ((m = IcidLost.Match(text)).Success)
        {
            Connection(Number(m, 1)).Lost = true;
        }
        else if ((m = IcidClose.Match(text)).Success)
        {
            _connections.Remove(Number(m, 1));
        }
        else if ((m = StartMid.Match(text)).Success)
        {
            long mid = Number(m, 1);
            var message = new BaselineMessage(mid, time);
            _messages[mid] = message;
            Attach(message, Number(m, 2));
        }
        else if ((m = From.Match(text)).Success)
        {
            BaselineMessage message = Seen(Number(m, 1), time);
            Attach(message, Number(m, 2));
            message.From = m.Groups[3].Value.Length > 0 ? m.Groups[3].Value : null;
        }
        else if ((m = To.Match(text)).Success)
        {
            BaselineMessage message = Seen(Number(m, 1), time);
            Attach(message, Number(m, 2));
            message.To.Add(m.Groups[4].Value);
        }
        else if ((m = Subject.Match(text)).Success)
        {
            Seen(Number(m, 1), time).Subject = Unquote(m.Groups[2].Value);
        }
        else if ((m = Aborted.Match(text)).Success)
        {
            BaselineMessage message = Message(Number(m, 1), time);
            message.AbortReason = m.Groups[2].Value;
            message.IdleSeconds = (long)(time - message.LastSeen).TotalSeconds;
            message.LostAtAbort = message.Connection?.Lost == true;
            message.LastSeen = time;
        }
        else if ((m = Finished.Match(text)).Success)
        {
            Finish(Message(Number(m, 1), time), time, m.Groups[2].Value == "done");
        }
        else if ((m = TimeOffset.Match(text)).Success)
        {
            _utcOffsetSeconds = (int)Number(m, 1);
        }
        else if ((m = AnyMid.Match(text)).Success)
        {
            _ = Seen(Number(m, 1), time);
        }
    }

    private BaselineConnection Connection(long icid)
    {
        if (!_connections.TryGetValue(icid, out BaselineConnection? connection))
        {
            connection = new BaselineConnection();
            _connections[icid] = connection;
        }

        return connection;
    }

    private void Attach(BaselineMessage message, long icid)
    {
        if (message.Icid is null)
        {
            message.Icid = icid;
            message.Connection = icid == 0 ? null : Connection(icid);
        }
    }

    private BaselineMessage Message(long mid, DateTime time)
    {
        if (!_messages.TryGetValue(mid, out BaselineMessage? message))
        {
            message = new BaselineMessage(mid, time);
            _messages[mid] = message;
        }

        return message;
    }

    private BaselineMessage Seen(long mid, DateTime time)
    {
        BaselineMessage message = Message(mid, time);
        message.LastSeen = time;
        return message;
    }

    private void Finish(BaselineMessage message, DateTime time, bool done)
    {
        _messages.Remove(message.Mid);
        AbortClass abortClass = _classifier.Classify(message, done);
        bool nearTimeout = _classifier.IsNearTimeout(message);
        _counts.Add(abortClass, nearTimeout);
        BaselineConnection? connection = message.Connection;
        var document = new BaselineDocument(
            Timestamp: time.AddSeconds(-_utcOffsetSeconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Mid: message.Mid,
            Icid: message.Icid,
            Action: done ? "message-done" : "message-aborted",
            Reason: message.AbortReason,
            AbortClass: abortClass.ToKeyword(),
            NearTimeout: nearTimeout,
            IdleSeconds: done ? null : message.IdleSeconds,
            DurationSeconds: (long)(time - message.Start).TotalSeconds,
            From: message.From,
            To: message.To,
            Subject: message.Subject,
            SourceIp: connection?.SourceIp,
            DestinationIp: connection?.DestinationIp,
            Policy: connection?.Policy,
            SenderGroup: connection?.SenderGroup,
            Sbrs: connection?.Sbrs,
            Lost: connection?.Lost == true);
        _output.WriteLine(JsonSerializer.Serialize(document, JsonOptions));
    }
}
