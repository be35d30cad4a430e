using System.Diagnostics;
using System.Runtime.CompilerServices;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;

namespace EsaBridge.Core.Sessions;

/// <summary>
/// Correlates parsed lines per (appliance, ICID) and (appliance, MID) and hands exactly one
/// <see cref="FinishedMessage"/> per <c>Message finished</c>, and one <see cref="FinishedConnection"/> per ICID at its
/// <c>close</c> (or as incomplete when evicted or flushed), to its <see cref="FinishedMessageSink"/>. Pure: time comes from the lines only.
/// </summary>
public sealed class Sessionizer : IFinishedStateReturn
{
    private const int MaxCachedHosts = 64;

    /// <summary>
    /// Finished message and closed connection states kept for reuse (beyond this many, left to the GC). Reusing them,
    /// with their text kept as UTF-8, took <c>parse</c> from about 1.4 KB to about 150 bytes allocated per document and
    /// its peak RSS from 74-112 MB to 47 MB (docs/PERFORMANCE.md).
    /// </summary>
    private const int MaxFree = 4096;

    private readonly SessionizerOptions _options;
    private readonly FinishedMessageSink _finished;
    private readonly Dictionary<string, ApplianceState> _appliances = new(StringComparer.Ordinal);
    private readonly List<ApplianceState> _appliancesById = [];
    private readonly Dictionary<SessionKey, MessageState> _messages = [];

    /// <summary>
    /// The message of the last message line and its key: two MID lines in three name the same MID as the line before
    /// them (a message's lines come in runs), and these skip the table's lookup (18.3 -> 7.4 million instructions on
    /// the 40 MB slice, docs/PERFORMANCE.md). Cleared whenever its message leaves the table.
    /// </summary>
    private SessionKey _lastMessageKey;
    private MessageState? _lastMessage;
    private readonly Stack<MessageState> _freeMessages = new();
    private readonly Stack<ConnectionState> _freeConnections = new();
    private readonly Dictionary<SessionKey, ConnectionState> _connections = [];
    private readonly Utf8StringPool _pool = new();
    private readonly OldestFirst _oldest = new();
    private readonly List<SessionKey> _evicting = [];
    private readonly long _maxOpenAgeSeconds;
    private readonly long _sweepIntervalSeconds;
    private ApplianceState _sourceAppliance;
    private string? _logPath;
    private readonly List<(byte[] Host, ApplianceState Appliance)> _hosts = [];
    private long _watermark = long.MinValue;
    private long _previousSeconds = long.MinValue;
    private long _nextSweep = long.MinValue;

    /// <param name="finished">Receives every finished message, in order.</param>
    public Sessionizer(SessionizerOptions options, FinishedMessageSink finished)
    {
        _options = options;
        _finished = finished;
        finished.Attach(this);
        _maxOpenAgeSeconds = Math.Max(1, (long)options.MaxOpenAge.TotalSeconds);
        _sweepIntervalSeconds = Math.Clamp(_maxOpenAgeSeconds / 10, 1, 3600);
        _sourceAppliance = Appliance(string.Empty);
    }

    public PipelineCounters Counters { get; } = new();

    public int OpenMessages => _messages.Count;

    public int OpenConnections => _connections.Count;

    /// <summary>What changed since the state was last written (<see cref="SessionizerState"/>).</summary>
    internal SessionChanges Changes { get; } = new();

    internal IReadOnlyDictionary<SessionKey, MessageState> OpenMessageStates => _messages;

    /// <summary>Names the appliance and file of the lines that follow (for lines without a syslog host).</summary>
    public void SetSource(string? appliance, string? logPath)
    {
        _sourceAppliance = Appliance(appliance ?? string.Empty);
        _logPath = logPath;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Process(ReadOnlySpan<byte> line, in ParsedLine parsed)
    {
        Counters.LinesRead++;
        switch (parsed.Kind)
        {
            case LineKind.Malformed:
                Counters.Malformed++;
                return;
            case LineKind.NotUsed or LineKind.BeginLogfile or LineKind.EndLogfile:
                Counters.NotUsed++;
                return;
        }

        var appliance = parsed.Host.IsEmpty ? _sourceAppliance : ApplianceFor(parsed.Host.Of(line));
        long now;
        if (parsed.HasTime)
        {
            now = parsed.TimeIsUtc ? parsed.Seconds
                : appliance.UtcOffsetSeconds is long offset ? parsed.Seconds - offset
                : _options.Zone.ToUtc(parsed.Seconds);
            appliance.LastSeconds = now;
        }
        else if (appliance.LastSeconds != long.MinValue)
        {
            now = appliance.LastSeconds;
        }
        else
        {
            Counters.Malformed++;
            return;
        }

        Counters.Used++;
        Apply(line, in parsed, appliance, now);
        AdvanceWatermark(now);
    }

    /// <summary>Emits every message still open as an incomplete document (end of a batch run).</summary>
    public void FlushIncomplete()
    {
        foreach (var key in _messages.Keys.OrderBy(k => k.Appliance).ThenBy(k => k.Id).ToList())
        {
            EmitIncomplete(key);
        }

        foreach (var key in _connections.Keys.OrderBy(k => k.Appliance).ThenBy(k => k.Id).ToList())
        {
            if (_connections.Remove(key, out var connection))
            {
                Ended(connection, connection.LastSeconds, closed: false);
            }
        }
    }

    internal SessionizerContent Export(bool withTables = true) => new()
    {
        Watermark = _watermark,
        PreviousSeconds = _previousSeconds,
        NextSweep = _nextSweep,
        Appliances = [.. _appliancesById],
        Connections = withTables ? [.. _connections] : [],
        Messages = withTables ? [.. _messages] : [],
    };

    /// <summary>Replaces every open state; the current source is kept (the caller names it before each line).</summary>
    internal void Import(SessionizerContent content)
    {
        string source = _sourceAppliance.Name;
        _appliances.Clear();
        _appliancesById.Clear();
        _hosts.Clear();
        foreach (var appliance in content.Appliances)
        {
            _appliances[appliance.Name] = appliance;
            _appliancesById.Add(appliance);
        }

        _connections.Clear();
        foreach (var (key, connection) in content.Connections)
        {
            _connections[key] = connection;
            connection.InTable = true;
            connection.TableKey = key;
        }

        _messages.Clear();
        _lastMessage = null;
        foreach (var (key, message) in content.Messages)
        {
            _messages[key] = message;
            if (message.Connection is { } connection)
            {
                connection.Messages++;
            }
        }

        _watermark = content.Watermark;
        _previousSeconds = content.PreviousSeconds;
        _nextSweep = content.NextSweep;
        _sourceAppliance = Appliance(source);
    }

    private void Apply(ReadOnlySpan<byte> line, in ParsedLine p, ApplianceState appliance, long now)
    {
        int app = appliance.Id;
        switch (p.Kind)
        {
            case LineKind.Version:
                appliance.Version = p.ApplianceVersion.ToString(line);
                appliance.SerialNumber = p.SerialNumber.IsEmpty ? null : p.SerialNumber.ToString(line);
                break;
            case LineKind.TimeOffset:
                appliance.UtcOffsetSeconds = p.UtcOffsetSeconds;
                break;
            case LineKind.NewIcid:
                OpenConnection(line, in p, app, now);
                break;
            case LineKind.IcidPolicy when p.Icid == 0:
                Counters.RefusedWithoutIcid++;
                break;
            case LineKind.IcidPolicy:
                Active(app, p.Icid, now).TakePolicyLine(line, in p, _pool);
                break;
            case LineKind.IcidTlsSuccess:
                Active(app, p.Icid, now).TakeTlsLine(line, in p, _pool);
                break;
            case LineKind.IcidTlsFailure:
                Active(app, p.Icid, now).TakeTlsFailureLine(line, in p, _pool);
                break;
            case LineKind.IcidDelayedReject:
                Active(app, p.Icid, now).TakeDelayedRejectLine();
                break;
            case LineKind.IcidTimedOut:
                Connection(app, p.Icid, now).TakeTimedOutLine();
                break;
            case LineKind.IcidLost:
                Connection(app, p.Icid, now).TakeLostLine(now);
                break;
            case LineKind.IcidClose:
                if (_connections.Remove(new SessionKey(app, p.Icid), out var closed))
                {
                    if (!closed.Observed)
                    {
                        closed.Snapshot = null;
                        closed.Observed = true;
                    }

                    Ended(closed, now, closed: true);
                }

                break;
            case LineKind.StartMid:
                var started = Message(app, p.Mid, now);
                if (!started.Started)
                {
                    started.Started = true;
                    started.StartSeconds = now;
                }

                Link(started, p.Mid, app, p.Icid, now);
                Touch(started, now);
                break;
            case LineKind.MidFrom:
                var sender = Message(app, p.Mid, now);
                Link(sender, p.Mid, app, p.Icid, now);
                if (p.Sender.IsEmpty)
                {
                    sender.From.Clear();
                }
                else
                {
                    sender.From.Set(p.Sender.Of(line));
                }

                Touch(sender, now);
                break;
            case LineKind.MidTo:
                var recipient = Message(app, p.Mid, now);
                Link(recipient, p.Mid, app, p.Icid, now);
                if (recipient.Connection is { } accepting && recipient.Icid == p.Icid)
                {
                    accepting.AcceptedRecipients++;
                }

                if (!p.Recipient.IsEmpty)
                {
                    recipient.Recipients.Add(p.Rid, p.Recipient.Of(line));
                }

                Touch(recipient, now);
                break;
            case LineKind.MidMessageId:
                var withId = Message(app, p.Mid, now);
                withId.MessageId.Set(p.MessageId.Of(line));
                Touch(withId, now);
                break;
            case LineKind.MidSubject:
                var withSubject = Message(app, p.Mid, now);
                withSubject.Subject.Set(p.Subject.Of(line));
                Touch(withSubject, now);
                break;
            case LineKind.MidReady:
                var ready = Message(app, p.Mid, now);
                ready.Size = p.SizeBytes;
                if (ready.Connection is { } receiving)
                {
                    Active(receiving, now);
                }

                Touch(ready, now);
                break;
            case LineKind.MidPolicy:
                var withPolicy = Message(app, p.Mid, now);
                withPolicy.Policy = _pool.Get(p.RecipientPolicy.Of(line));
                Touch(withPolicy, now);
                break;
            case LineKind.MidDelivery:
                var delivered = Message(app, p.Mid, now);
                var dcids = delivered.DeliveryIds;
                if (!dcids.Contains(p.Dcid))
                {
                    dcids.Add(p.Dcid);
                }

                if (p.Delivery != DeliveryEvent.Start)
                {
                    TakeDeliveryResult(line, in p, delivered, appliance, now);
                }

                Touch(delivered, now);
                break;
            case LineKind.MidResponse:
                var replied = Message(app, p.Mid, now);
                TakeResponse(line, in p, replied);
                Touch(replied, now);
                break;
            case LineKind.MidRecipientRejected:
                var refused = Message(app, p.Mid, now);
                refused.Rejected.AddRejected(p.Recipient.Of(line), p.Response.Of(line), now);
                if (p.Icid > 0)
                {
                    var rejecting = Active(app, p.Icid, now);
                    rejecting.RejectedRecipients++;
                    rejecting.AddMid(p.Mid);
                }

                Touch(refused, now);
                break;
            case LineKind.MidQuarantine:
                var held = Message(app, p.Mid, now);
                TakeQuarantine(line, in p, held);
                Touch(held, now);
                break;
            case LineKind.NewDcid:
                var opened = appliance.Deliveries.Open(p.Dcid, now);
                opened.DestinationIp = p.DestinationIp.IsEmpty ? null : _pool.Get(p.DestinationIp.Of(line));
                opened.Tls = null;
                break;
            case LineKind.DcidTlsSuccess:
                appliance.Deliveries.Open(p.Dcid, now).Tls = p.TlsProtocol.IsEmpty ? "unknown" : _pool.Get(p.TlsProtocol.Of(line));
                break;
            case LineKind.DcidClose:
                appliance.Deliveries.Close(p.Dcid);
                break;
            case LineKind.MidDerived:
                ApplyDerivation(in p, app, now);
                break;
            case LineKind.MidActivity:
                Touch(Message(app, p.Mid, now), now);
                break;
            case LineKind.MidVerdict:
                var scanned = Message(app, p.Mid, now);
                scanned.VerdictsOrNew.Take(line, in p, _pool);
                Touch(scanned, now);
                break;
            case LineKind.MessageAborted:
                var aborted = Message(app, p.Mid, now);
                aborted.HasAbort = true;
                if (p.AbortReason.IsEmpty)
                {
                    aborted.AbortReason.Clear();
                }
                else
                {
                    aborted.AbortReason.Set(p.AbortReason.Of(line));
                    var filter = MessageBodyParser.FilterName(line, p.AbortReason.Start);
                    if (!filter.IsEmpty)
                    {
                        aborted.VerdictsOrNew.AddFilter(_pool.Get(filter.Of(line)));
                    }
                }

                aborted.AbortSeconds = now;
                aborted.IdleSeconds = Math.Max(0, now - aborted.LastActivitySeconds);
                aborted.LastSeenSeconds = now;
                break;
            case LineKind.MessageFinished:
                Finish(appliance, p.Mid, p.FinishedAborted ? MessageOutcome.Aborted : MessageOutcome.Done, now);
                break;
        }
    }

    /// <summary>
    /// <c>Message done</c>, <c>Bounced:</c>, <c>Delayed:</c>: each listed recipient's new status, with the destination
    /// and TLS of its DCID as they are now (DCID 0, no connection made, has none).
    /// </summary>
    private static void TakeDeliveryResult(ReadOnlySpan<byte> line, in ParsedLine p, MessageState m, ApplianceState appliance, long now)
    {
        var status = p.Delivery switch
        {
            DeliveryEvent.Done => p.ExternalQuarantine ? RecipientStatus.Quarantined : RecipientStatus.Delivered,
            DeliveryEvent.Bounced => RecipientStatus.Bounced,
            _ => RecipientStatus.Delayed,
        };
        var connection = appliance.Deliveries.Find(p.Dcid);
        if (connection is not null)
        {
            connection.LastSeconds = now;
        }

        if (p.ExternalQuarantine)
        {
            m.EnterQuarantine("spam", holds: false);
        }

        var to = m.Recipients;
        var rids = new RidList(p.Rids.Of(line));
        while (rids.Next(out long rid))
        {
            int i = to.Find(rid);
            to.SetStatus(i, status, p.Dcid, now, connection);
            if (!p.StatusCode.IsEmpty)
            {
                to.SetStatusCode(i, p.StatusCode.Of(line));
            }

            if (!p.Response.IsEmpty)
            {
                to.SetResponse(i, p.Response.Of(line));
            }
        }
    }

    /// <summary>
    /// <c>MID m RID [0] Response text</c>: the remote server's reply to the listed recipients' last attempt; a reply
    /// that starts with an enhanced status code (<c>2.6.0 ...</c>) gives the code when the status line had none.
    /// </summary>
    private static void TakeResponse(ReadOnlySpan<byte> line, in ParsedLine p, MessageState m)
    {
        var response = p.Response.Of(line);
        int codeLength = EnhancedStatusCodeLength(response);
        var to = m.Recipients;
        var rids = new RidList(p.Rids.Of(line));
        while (rids.Next(out long rid))
        {
            int i = to.Find(rid);
            to.SetResponse(i, response);
            if (codeLength > 0 && !to.HasStatusCode(i))
            {
                to.SetStatusCode(i, response[..codeLength]);
            }
        }
    }

    /// <summary>The length of an <c>x.y.z</c> code (RFC 3463: class 2, 4 or 5) at the start of the text, followed by a space or the end; 0 when none.</summary>
    private static int EnhancedStatusCodeLength(ReadOnlySpan<byte> text)
    {
        if (text.Length < 5 || text[0] is not ((byte)'2' or (byte)'4' or (byte)'5') || text[1] != '.')
        {
            return 0;
        }

        int i = 2;
        int dots = 0;
        while (i < text.Length && text[i] != ' ')
        {
            if (text[i] == '.')
            {
                if (text[i - 1] == '.')
                {
                    return 0;
                }

                dots++;
            }
            else if (!Parsing.Ascii.IsDigit(text[i]))
            {
                return 0;
            }

            i++;
        }

        return dots == 1 && text[i - 1] != '.' ? i : 0;
    }

    private void TakeQuarantine(ReadOnlySpan<byte> line, in ParsedLine p, MessageState m)
    {
        string? name = p.QuarantineName.IsEmpty ? null : _pool.Get(p.QuarantineName.Of(line));
        switch (p.Quarantine)
        {
            case QuarantineEvent.Entered:
                m.EnterQuarantine(name!, holds: true);
                break;
            case QuarantineEvent.EnteredSpam:
                m.EnterQuarantine("spam", holds: true);
                break;
            case QuarantineEvent.Released:
                m.LeaveQuarantine(name, deleted: false);
                break;
            case QuarantineEvent.Deleted:
                m.LeaveQuarantine(name, deleted: true);
                break;
        }
    }

    private void OpenConnection(ReadOnlySpan<byte> line, in ParsedLine p, int app, long now)
    {
        if (p.Icid == 0)
        {
            return;
        }

        var key = new SessionKey(app, p.Icid);
        if (_connections.Remove(key, out var replaced))
        {
            Ended(replaced, replaced.LastSeconds, closed: false);
        }

        if (_connections.Count >= _options.MaxOpenConnections)
        {
            EvictOldestConnections();
        }

        var connection = NewConnection();
        connection.TableKey = key;
        if (Changes.Tracking)
        {
            Changes.Changed(connection);
        }

        connection.TakeNewIcidLine(line, in p, _pool);
        connection.LastSeconds = connection.FirstSeconds = connection.ActivitySeconds = now;
        _connections.Add(key, connection);
    }

    /// <summary>
    /// The derived message is created if new (it finishes later); the original is only updated if still open, so a
    /// link to a long-finished message never invents an open one.
    /// </summary>
    private void ApplyDerivation(in ParsedLine p, int app, long now)
    {
        var child = Message(app, p.DerivedMid, now);
        child.ParentMid = p.Mid;
        child.Derivation = p.Derivation;
        Touch(child, now);
        var parentKey = new SessionKey(app, p.Mid);
        if (_messages.TryGetValue(parentKey, out var parent))
        {
            if (Changes.Tracking)
            {
                Changes.Changed(parentKey, parent);
            }

            parent.DerivedMids ??= [];
            if (!parent.DerivedMids.Contains(p.DerivedMid))
            {
                parent.DerivedMids.Add(p.DerivedMid);
            }

            Touch(parent, now);
        }
    }

    private void Finish(ApplianceState appliance, long mid, MessageOutcome outcome, long now)
    {
        var key = new SessionKey(appliance.Id, mid);
        if (!RemoveMessage(key, out var message))
        {
            message = NewMessage(now);
        }
        else if (Changes.Tracking)
        {
            Changes.Removed(key, message);
        }

        var (abortClass, nearTimeout, idle) = Classify(message, outcome, now);
        Publish(appliance, mid, message, outcome, now, abortClass, nearTimeout, idle);
    }

    private (AbortClass Class, bool NearTimeout, long? Idle) Classify(MessageState m, MessageOutcome outcome, long now)
    {
        long idle = m.HasAbort ? m.IdleSeconds : Math.Max(0, now - m.LastActivitySeconds);
        bool receivingAborted = m.AbortReason.Is("Receiving aborted"u8);
        bool near = receivingAborted
            && Math.Abs(idle - _options.ListenerTimeoutSeconds) <= _options.TimeoutToleranceSeconds;
        if (outcome == MessageOutcome.Done)
        {
            return (AbortClass.None, near, null);
        }

        if (m.AbortReason.Is("Receiving aborted by sender"u8))
        {
            return (AbortClass.SenderQuit, false, idle);
        }

        if (receivingAborted)
        {
            var c = m.Connection;
            bool lostBeforeAbort = c is { Lost: true } && c.LostSeconds <= m.AbortSeconds;
            return (lostBeforeAbort ? AbortClass.ConnectionLost : near ? AbortClass.Timeout : AbortClass.Other, near, idle);
        }

        return (AbortClass.Other, false, idle);
    }

    private void EmitIncomplete(SessionKey key)
    {
        if (RemoveMessage(key, out var message))
        {
            if (Changes.Tracking)
            {
                Changes.Removed(key, message);
            }

            Publish(_appliancesById[key.Appliance], key.Id, message, MessageOutcome.Incomplete, message.LastSeenSeconds, AbortClass.Unknown, false, null);
        }
    }

    private void Publish(
        ApplianceState appliance, long mid, MessageState m, MessageOutcome outcome, long end, AbortClass abortClass, bool nearTimeout, long? idle)
    {
        DispositionRules.Decide(m, outcome);
        bool written = !_finished.KeepsStates;
        if (!written && m.Connection is { InTable: true } open)
        {
            m.Connection = Frozen(open);
        }

        var finished = new FinishedMessage(appliance, mid, m, outcome, end, abortClass, nearTimeout, idle);
        Counters.CountDocument(abortClass);
        _finished.Write(in finished);
        if (written)
        {
            Recycle(m);
        }
    }

    /// <summary>
    /// A copy of an open connection's fields for a message whose document is written later, on another thread: the
    /// connection's own lines may still change it (<c>lost</c>, TLS) before then, and the document must say what they
    /// said when the message finished.
    /// </summary>
    private ConnectionState Frozen(ConnectionState open)
    {
        var copy = _freeConnections.Count > 0 ? _freeConnections.Pop() : new ConnectionState();
        copy.CopyFieldsOf(open);
        copy.Messages = 1;
        open.Messages--;
        return copy;
    }

    void IFinishedStateReturn.Return(in FinishedMessage message) => Recycle(message.Message);

    void IFinishedStateReturn.Return(in FinishedConnection connection) => Release(connection.Connection);

    /// <summary>A message state or a written document no longer links to <paramref name="connection"/>.</summary>
    private void Release(ConnectionState connection)
    {
        Debug.Assert(connection.Messages > 0, "a linked connection counts its links");
        if (--connection.Messages == 0 && !connection.InTable)
        {
            Reuse(connection);
        }
    }

    private void Recycle(MessageState message)
    {
        if (message.Connection is { } connection)
        {
            Release(connection);
        }

        if (_freeMessages.Count < MaxFree)
        {
            message.Reset();
            _freeMessages.Push(message);
        }
    }

    /// <summary>
    /// Moves the log clock that ages open messages. It takes the smaller of the last two lines' times, so one line
    /// with a wild timestamp (a cut or garbled header) cannot age every open message out at once.
    /// </summary>
    private void AdvanceWatermark(long seconds)
    {
        long now = Math.Min(seconds, _previousSeconds);
        _previousSeconds = seconds;
        if (now <= _watermark)
        {
            return;
        }

        _watermark = now;
        if (now < _nextSweep)
        {
            return;
        }

        Sweep(now);
    }

    /// <summary>
    /// Ages out what has been open too long. Apart from <see cref="AdvanceWatermark"/>, which runs for every line: this
    /// method's enumerators are locals the runtime zeroes at each call, about 50 instructions, 2.5 % of <c>parse</c>'s
    /// instructions while they were in the caller (callgrind; docs/PERFORMANCE.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Sweep(long now)
    {
        _nextSweep = now + _sweepIntervalSeconds;
        Debug.Assert(_nextSweep > _watermark, "the next sweep lies ahead of the clock");
        long cutoff = now - _maxOpenAgeSeconds;
        List<SessionKey>? stale = null;
        foreach (var (key, message) in _messages)
        {
            if (message.LastSeenSeconds < cutoff)
            {
                (stale ??= []).Add(key);
            }
        }

        if (stale is not null)
        {
            stale.Sort((a, b) => a.Appliance != b.Appliance ? a.Appliance.CompareTo(b.Appliance) : a.Id.CompareTo(b.Id));
            foreach (var key in stale)
            {
                EmitIncomplete(key);
            }
        }

        List<SessionKey>? idleConnections = null;
        foreach (var (key, connection) in _connections)
        {
            if (connection.LastSeconds < cutoff)
            {
                (idleConnections ??= []).Add(key);
            }
        }

        idleConnections?.Sort((a, b) => a.Appliance != b.Appliance ? a.Appliance.CompareTo(b.Appliance) : a.Id.CompareTo(b.Id));
        foreach (var key in idleConnections ?? [])
        {
            if (_connections.Remove(key, out var idle))
            {
                Ended(idle, idle.LastSeconds, closed: false);
            }
        }

        foreach (var appliance in _appliancesById)
        {
            appliance.Deliveries.RemoveIdle(cutoff);
        }
    }

    /// <remarks>The last message looked up, kept for the next line, checked inline; the table apart
    /// (<see cref="FindOrOpenMessage"/>): as one method called for every message line, its call and prologue cost more
    /// than the check (docs/PERFORMANCE.md, issue 18).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private MessageState Message(int app, long mid, long now)
    {
        var key = new SessionKey(app, mid);
        var message = _lastMessage is { } last && _lastMessageKey == key ? last : FindOrOpenMessage(key, now);
        if (Changes.Tracking)
        {
            Changes.Changed(key, message);
        }

        return message;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private MessageState FindOrOpenMessage(SessionKey key, long now)
    {
        if (!_messages.TryGetValue(key, out var message))
        {
            if (_messages.Count >= _options.MaxOpenMessages)
            {
                EvictOldestMessages();
            }

            message = NewMessage(now);
            _messages.Add(key, message);
        }

        _lastMessageKey = key;
        _lastMessage = message;
        return message;
    }

    private bool RemoveMessage(SessionKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MessageState? message)
    {
        if (_lastMessage is not null && _lastMessageKey == key)
        {
            _lastMessage = null;
        }

        return _messages.Remove(key, out message);
    }

    private MessageState NewMessage(long now)
    {
        var message = _freeMessages.Count > 0 ? _freeMessages.Pop() : new MessageState();
        message.FirstSeconds = now;
        message.LastActivitySeconds = now;
        message.LastSeenSeconds = now;
        message.LogPath = _logPath;
        return message;
    }

    private ConnectionState Connection(int app, long icid, long now)
    {
        var key = new SessionKey(app, icid);
        if (!_connections.TryGetValue(key, out var connection))
        {
            if (_connections.Count >= _options.MaxOpenConnections)
            {
                EvictOldestConnections();
            }

            connection = NewConnection();
            connection.TableKey = key;
            connection.FirstSeconds = connection.ActivitySeconds = now;
            _connections.Add(key, connection);
        }

        if (Changes.Tracking)
        {
            Changes.Changed(connection);
        }

        connection.LastSeconds = now;
        return connection;
    }

    /// <summary>A <c>MID m ICID i</c> line: links the message to its connection, which it keeps active.</summary>
    private void Link(MessageState message, long mid, int app, long icid, long now)
    {
        if (message.Icid < 0)
        {
            message.Icid = icid;
        }

        if (icid == 0 || message.Icid != icid)
        {
            return;
        }

        if (message.Connection is null)
        {
            message.Connection = Connection(app, icid, now);
            message.Connection.Messages++;
            message.Connection.AddMid(mid);
            Debug.Assert(message.Connection.TableKey == new SessionKey(app, icid), "a message links to its own ICID's connection");
        }

        Active(message.Connection, now);
    }

    /// <summary>A line of the connection that the sender's commands caused: it was active then (not idle).</summary>
    private ConnectionState Active(int app, long icid, long now) => Active(Connection(app, icid, now), now);

    private ConnectionState Active(ConnectionState connection, long now)
    {
        if (Changes.Tracking)
        {
            Changes.Changed(connection);
        }

        connection.ActivitySeconds = now;
        if (connection.LastSeconds < now)
        {
            connection.LastSeconds = now;
        }

        return connection;
    }

    /// <summary>
    /// The connection left the table, closed at <paramref name="end"/> (<c>ICID i close</c>) or given up on: its document
    /// (docs/session-document.md, "Connection documents"), then <see cref="Closed"/>.
    /// </summary>
    private void Ended(ConnectionState connection, long end, bool closed)
    {
        if (_options.Connections)
        {
            var (ending, abortClass, near, idle) = ClassifyConnection(connection, end, closed);
            var finished = new FinishedConnection(
                _appliancesById[connection.TableKey.Appliance], connection.TableKey.Id, connection, ending, end, abortClass, near, idle);
            Counters.ConnectionDocuments++;
            if (_finished.KeepsStates)
            {
                // Held until its document is written (IFinishedStateReturn).
                connection.Messages++;
            }

            _finished.Write(in finished);
        }

        Closed(connection);
    }

    /// <summary>
    /// The listener's timeout explains an idle time near it before <c>lost</c> or <c>close</c> (current releases log
    /// nothing else when it runs out), so it wins over <c>lost</c>; a HAT or recipient rejection names the action whatever the class.
    /// </summary>
    private (ConnectionEnding Ending, AbortClass Class, bool NearTimeout, long? Idle) ClassifyConnection(ConnectionState c, long end, bool closed)
    {
        long? idle = null;
        bool near = false;
        if (closed)
        {
            long quiet = Math.Max(0, (c.Lost ? Math.Min(c.LostSeconds, end) : end) - c.ActivitySeconds);
            idle = quiet;
            near = Math.Abs(quiet - _options.ListenerTimeoutSeconds) <= _options.TimeoutToleranceSeconds;
        }

        var abortClass = c.TimedOut || near ? AbortClass.Timeout : c.Lost ? AbortClass.ConnectionLost : AbortClass.None;
        bool rejected = c.HatRejected || (c.RejectedRecipients > 0 && c.AcceptedRecipients == 0);
        var ending = !closed ? ConnectionEnding.Incomplete
            : rejected ? ConnectionEnding.Rejected
            : abortClass == AbortClass.Timeout ? ConnectionEnding.Timeout
            : abortClass == AbortClass.ConnectionLost ? ConnectionEnding.Lost
            : ConnectionEnding.Closed;
        return (ending, abortClass, near, idle);
    }

    private ConnectionState NewConnection()
    {
        var connection = _freeConnections.Count > 0 ? _freeConnections.Pop() : new ConnectionState();
        connection.InTable = true;
        return connection;
    }

    /// <summary>The connection left the table: reused now if no open message links to it, else when the last one ends.</summary>
    private void Closed(ConnectionState connection)
    {
        connection.InTable = false;
        if (Changes.Tracking)
        {
            Changes.Changed(connection);
        }

        if (connection.Messages == 0)
        {
            Reuse(connection);
        }
    }

    private void Reuse(ConnectionState connection)
    {
        Debug.Assert(connection.Messages == 0 && !connection.InTable, "only a closed connection no open message links to is reused");
        if (Changes.Tracking)
        {
            Changes.Dropped(connection);
        }

        if (_freeConnections.Count < MaxFree)
        {
            connection.Reset();
            _freeConnections.Push(connection);
        }
    }

    /// <summary>
    /// The open-message limit is reached: the least recently seen sixteenth leaves as incomplete documents (a pass
    /// over the table per sixteenth, so a flood costs a few passes, not one per line).
    /// </summary>
    private void EvictOldestMessages()
    {
        _oldest.Select(_messages, static m => m.LastSeenSeconds, Math.Max(1, _options.MaxOpenMessages / 16), _evicting);
        foreach (var key in _evicting)
        {
            EmitIncomplete(key);
            Counters.EvictedMessages++;
        }
    }

    /// <summary>The open-connection limit is reached: the least recently seen sixteenth is forgotten.</summary>
    private void EvictOldestConnections()
    {
        _oldest.Select(_connections, static c => c.LastSeconds, Math.Max(1, _options.MaxOpenConnections / 16), _evicting);
        foreach (var key in _evicting)
        {
            if (_connections.Remove(key, out var connection))
            {
                Ended(connection, connection.LastSeconds, closed: false);
                Counters.EvictedConnections++;
            }
        }
    }

    private static void Touch(MessageState message, long now)
    {
        message.LastActivitySeconds = now;
        message.LastSeenSeconds = now;
    }

    /// <summary>
    /// The appliance of a syslog host, found by its bytes: a stream interleaves a few appliances, so a short list
    /// beats decoding the name on every line. Past <see cref="MaxCachedHosts"/> names it decodes (hostile input).
    /// </summary>
    private ApplianceState ApplianceFor(ReadOnlySpan<byte> host)
    {
        foreach (var (bytes, cached) in _hosts)
        {
            if (host.SequenceEqual(bytes))
            {
                return cached;
            }
        }

        var appliance = Appliance(System.Text.Encoding.UTF8.GetString(host));
        if (_hosts.Count < MaxCachedHosts)
        {
            _hosts.Add((host.ToArray(), appliance));
        }

        return appliance;
    }

    private ApplianceState Appliance(string name)
    {
        if (!_appliances.TryGetValue(name, out var appliance))
        {
            appliance = new ApplianceState(_appliancesById.Count, name);
            _appliances.Add(name, appliance);
            _appliancesById.Add(appliance);
        }

        return appliance;
    }
}
