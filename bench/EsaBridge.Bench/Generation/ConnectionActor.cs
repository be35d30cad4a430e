namespace EsaBridge.Bench.Generation;

/// <summary>
/// One inbound SMTP connection (ICID): its greeting lines, the reception of 0-3 messages one after another, and
/// its end. A received message is handed to a <see cref="MessageActor"/>; a message whose reception fails ends
/// the connection with the abort sequence of its outcome. A connection without a message ends one of the ways a
/// firewall sees too: rejected by the host access table (or refused before it got an ICID), closed, lost before
/// any command, idle until the listener timeout, or after a failed TLS handshake.
/// </summary>
internal sealed class ConnectionActor : SimActor
{
    private readonly RemoteHost _host;
    private readonly MessageOutcome[] _plan;
    private Phase _phase = Phase.Open;
    private long _icid;
    private int _messageIndex;
    private long _mid;
    private Envelope? _envelope;
    private int _recipientIndex;
    private long _lastMessageLineMs;
    private bool _spfPassed;

    private ConnectionActor(RemoteHost host, MessageOutcome[] plan)
    {
        _host = host;
        _plan = plan;
    }

    private enum Phase
    {
        Open,
        Policy,
        Tls,
        NoMail,
        TlsFailedEnd,
        IdleClose,
        Refused,
        StartMessage,
        Recipient,
        Data,
        Abort,
        Close,
    }

    private MessageOutcome Outcome => _plan[_messageIndex];

    public static ConnectionActor Create(Simulation simulation)
    {
        MessageOutcome[] plan = Plan(simulation);
        RemoteHost host = simulation.Hosts.Pick(simulation.Random, plan.Contains(MessageOutcome.ConnectionLost));
        var connection = new ConnectionActor(host, host.Role == HostRole.Rejected ? [] : plan);
        if (host.Role == HostRole.Rejected && simulation.Random.Next(10) == 0)
        {
            connection._phase = Phase.Refused;
        }

        return connection;
    }

    public override long Step(Simulation simulation, long nowMs)
    {
        switch (_phase)
        {
            case Phase.Refused:
                Refuse(simulation, nowMs);
                return Done;
            case Phase.Open:
                _icid = simulation.Ids.NextIcid();
                Line(simulation, nowMs, "New SMTP ICID "u8, _host.ConnectTail);
                _phase = Phase.Policy;
                return nowMs + simulation.Delay(0, 400);
            case Phase.Policy:
                Line(simulation, nowMs, "ICID "u8, _host.PolicyTail);
                if (_host.Role == HostRole.Rejected)
                {
                    simulation.ConnectionEndings.Rejected++;
                    _phase = Phase.Close;
                    return nowMs + simulation.Delay(100, 3_000);
                }

                _phase = simulation.Random.Next(100) < 65 ? Phase.Tls : AfterGreeting();
                return nowMs + simulation.Delay(50, 900);
            case Phase.Tls when _plan.Length == 0 && simulation.Random.Next(100) < 15:
                Line(simulation, nowMs, "ICID "u8, " TLS failed: [Errno 54] Connection reset by peer"u8);
                simulation.ConnectionEndings.TlsFailed++;
                _phase = Phase.TlsFailedEnd;
                return nowMs + simulation.Delay(0, 200);
            case Phase.TlsFailedEnd:
                if (simulation.Random.Next(2) == 0)
                {
                    Line(simulation, nowMs, "ICID "u8, " lost"u8);
                }

                Line(simulation, nowMs, "ICID "u8, " close"u8);
                return Done;
            case Phase.Tls:
                Line(simulation, nowMs, "ICID "u8, simulation.Random.Next(5) == 0
                    ? " TLS success protocol TLSv1.3 cipher TLS_AES_256_GCM_SHA384"u8
                    : " TLS success protocol TLSv1.2 cipher ECDHE-RSA-AES256-GCM-SHA384"u8);
                _phase = AfterGreeting();
                return nowMs + simulation.Delay(30, 700);
            case Phase.NoMail:
                return NoMail(simulation, nowMs);
            case Phase.IdleClose:
                Line(simulation, nowMs, "ICID "u8, " close"u8);
                return Done;
            case Phase.StartMessage:
                StartMessage(simulation, nowMs);
                return nowMs + simulation.Delay(20, 900);
            case Phase.Recipient:
                return Recipient(simulation, nowMs);
            case Phase.Data:
                return Data(simulation, nowMs);
            case Phase.Abort:
                Abort(simulation, nowMs);
                return Done;
            default:
                Line(simulation, nowMs, "ICID "u8, " close"u8);
                return Done;
        }
    }

    private static MessageOutcome[] Plan(Simulation simulation)
    {
        Random random = simulation.Random;
        int count = random.Next(100) switch
        {
            < 10 => 0,
            < 70 => 1,
            < 90 => 2,
            _ => 3,
        };
        var plan = new List<MessageOutcome>(count);
        for (int i = 0; i < count; i++)
        {
            MessageOutcome outcome = simulation.Options.Mix.Pick(random);
            plan.Add(outcome);
            if (outcome.EndsConnection())
            {
                break; // nothing follows a lost, timed-out or quit connection
            }
        }

        return [.. plan];
    }

    private Phase AfterGreeting() => _plan.Length == 0 ? Phase.NoMail : Phase.StartMessage;

    /// <summary>The end of a connection that sends no MAIL FROM: closed, lost, or left idle to the listener timeout.</summary>
    private long NoMail(Simulation simulation, long nowMs)
    {
        int roll = simulation.Random.Next(100);
        if (roll < 15)
        {
            simulation.ConnectionEndings.IdleTimeout++;
            _phase = Phase.IdleClose;
            return nowMs + (simulation.Options.ListenerTimeoutSeconds * 1000L) + simulation.Delay(0, 1_000);
        }

        if (roll < 45)
        {
            Line(simulation, nowMs, "ICID "u8, " lost"u8);
            simulation.ConnectionEndings.LostWithoutMessage++;
        }
        else
        {
            simulation.ConnectionEndings.ClosedWithoutMessage++;
        }

        Line(simulation, nowMs, "ICID "u8, " close"u8);
        return Done;
    }

    /// <summary>A TCP refusal: the host access table line with ICID 0, and nothing else (no ICID, no close).</summary>
    private void Refuse(Simulation simulation, long nowMs)
    {
        // The policy tail of a rejected host is " REJECT SG BLACKLIST match ... SBRS -5.2[ country X]".
        Utf8LogWriter writer = simulation.Writer;
        writer.BeginLine(nowMs);
        writer.Append("ICID 0 TCPREFUSE"u8);
        writer.Append(_host.PolicyTail.AsSpan(" REJECT".Length));
        writer.EndLine();
        simulation.ConnectionEndings.TcpRefused++;
    }

    private void StartMessage(Simulation simulation, long nowMs)
    {
        Utf8LogWriter writer = simulation.Writer;
        if (_messageIndex == 0)
        {
            simulation.ConnectionEndings.WithMessages++;
        }

        _mid = simulation.Ids.NextMid();
        _envelope = EnvelopeFactory.For(simulation, _host);
        _recipientIndex = 0;
        _lastMessageLineMs = nowMs;
        writer.BeginLine(nowMs);
        writer.Append("Start MID "u8);
        writer.Append(_mid);
        writer.Append(" ICID "u8);
        writer.Append(_icid);
        writer.EndLine();
        writer.BeginLine(nowMs);
        writer.Append("MID "u8);
        writer.Append(_mid);
        writer.Append(" ICID "u8);
        writer.Append(_icid);
        writer.Append(" From: "u8);
        _envelope.Sender.WriteTo(writer);
        writer.EndLine();
        _phase = Phase.Recipient;
    }

    private long Recipient(Simulation simulation, long nowMs)
    {
        Utf8LogWriter writer = simulation.Writer;
        Envelope envelope = _envelope!;
        if (_recipientIndex == 0 && !envelope.Outbound && simulation.Random.Next(100) < 3)
        {
            RejectRecipient(simulation, nowMs);
        }

        writer.BeginLine(nowMs);
        writer.Append("MID "u8);
        writer.Append(_mid);
        writer.Append(" ICID "u8);
        writer.Append(_icid);
        writer.Append(" RID "u8);
        writer.Append(_recipientIndex);
        writer.Append(" To: "u8);
        envelope.Recipients[_recipientIndex].WriteTo(writer);
        writer.EndLine();
        _lastMessageLineMs = nowMs;
        if (++_recipientIndex < envelope.Recipients.Length)
        {
            return nowMs + simulation.Delay(10, 400);
        }

        int timeoutMs = simulation.Options.ListenerTimeoutSeconds * 1000;
        switch (Outcome)
        {
            case MessageOutcome.Delivered or MessageOutcome.ContentDrop:
                _spfPassed = !envelope.Outbound && AuthenticationLines.Spf(
                    simulation, nowMs, _mid, envelope.Sender, envelope.Sender.Domain ?? _host.MailDomain);
                _phase = Phase.Data;
                return nowMs + simulation.Delay(200, 6_000);
            case MessageOutcome.ConnectionLost:
                _phase = Phase.Abort;
                return simulation.Random.NextDouble() < simulation.Options.FirewallIdleShare
                    ? nowMs + timeoutMs
                    : nowMs + simulation.Delay(1_000, 120_000);
            case MessageOutcome.Timeout:
                _phase = Phase.Abort;
                return nowMs + timeoutMs;
            case MessageOutcome.SenderQuit:
                _phase = Phase.Abort;
                return nowMs + simulation.Delay(500, 15_000);
            default:
                _phase = Phase.Abort;
                return nowMs + simulation.Delay(100, 5_000);
        }
    }

    private long Data(Simulation simulation, long nowMs)
    {
        Utf8LogWriter writer = simulation.Writer;
        Envelope envelope = _envelope!;
        byte[] domain = envelope.Sender.Domain ?? _host.MailDomain;
        MessageIdWriter.WriteLine(simulation, nowMs, _mid, domain);
        writer.BeginLine(nowMs);
        writer.Append("MID "u8);
        writer.Append(_mid);
        writer.Append(" Subject "u8);
        writer.Append(envelope.Subject);
        writer.EndLine();
        if (!envelope.Outbound && simulation.Random.Next(5) < 2)
        {
            AuthenticationLines.Sdr(writer, nowMs, _mid, domain);
        }

        writer.BeginLine(nowMs);
        writer.Append("MID "u8);
        writer.Append(_mid);
        writer.Append(" ready "u8);
        writer.Append(envelope.Size);
        writer.Append(" bytes from "u8);
        envelope.Sender.WriteTo(writer);
        writer.EndLine();
        if (!envelope.Outbound)
        {
            AuthenticationLines.DkimAndDmarc(simulation, nowMs, _mid, domain, _spfPassed);
        }

        simulation.Ids.InjectedMessages++;
        simulation.Ids.InjectedRecipients += envelope.Recipients.Length;
        MessageFate fate = MessageFates.Pick(simulation.Random, Outcome, envelope.Outbound);
        MessageActor received = MessageActor.Received(_mid, envelope, fate);
        simulation.Schedule(received, nowMs + simulation.Delay(0, 400));
        if (++_messageIndex < _plan.Length)
        {
            _phase = Phase.StartMessage;
            return nowMs + simulation.Delay(100, 4_000);
        }

        _phase = Phase.Close;
        return nowMs + simulation.Delay(0, 1_500);
    }

    /// <summary>A recipient the recipient access table refuses: it gets no RID.</summary>
    private void RejectRecipient(Simulation simulation, long nowMs)
    {
        Utf8LogWriter writer = simulation.Writer;
        writer.BeginLine(nowMs);
        writer.Append("MID "u8);
        writer.Append(_mid);
        writer.Append(" ICID "u8);
        writer.Append(_icid);
        writer.Append(" To: "u8);
        simulation.Vocabulary.InternalAddress(simulation.Random).WriteTo(writer);
        writer.Append(" Rejected by RAT"u8);
        writer.EndLine();
        simulation.Dispositions.RatRejectedRecipients++;
    }

    private void Abort(Simulation simulation, long nowMs)
    {
        MessageOutcome outcome = Outcome;
        if (outcome == MessageOutcome.ConnectionLost)
        {
            Line(simulation, nowMs, "ICID "u8, " lost"u8);
        }

        Utf8LogWriter writer = simulation.Writer;
        writer.BeginLine(nowMs);
        writer.Append("Message aborted MID "u8);
        writer.Append(_mid);
        writer.Append(outcome switch
        {
            MessageOutcome.ConnectionLost or MessageOutcome.Timeout => " Receiving aborted"u8,
            MessageOutcome.SenderQuit => " Receiving aborted by sender"u8,
            _ => " Injection aborted"u8,
        });
        writer.EndLine();
        writer.BeginLine(nowMs);
        writer.Append("Message finished MID "u8);
        writer.Append(_mid);
        writer.Append(" aborted"u8);
        writer.EndLine();
        Line(simulation, nowMs, "ICID "u8, " close"u8);

        long idleSeconds = (nowMs / 1000) - (_lastMessageLineMs / 1000);
        bool receivingAborted = outcome is MessageOutcome.ConnectionLost or MessageOutcome.Timeout;
        bool nearTimeout = receivingAborted &&
            Math.Abs(idleSeconds - simulation.Options.ListenerTimeoutSeconds) <= 5;
        simulation.Finished(outcome.ToAbortClass(), nearTimeout);
        simulation.Dispositions.Aborted++;
    }

    /// <summary>Writes <c>{head}{icid}{tail}</c>, the shape of every connection-level line.</summary>
    private void Line(Simulation simulation, long nowMs, ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail)
    {
        Utf8LogWriter writer = simulation.Writer;
        writer.BeginLine(nowMs);
        writer.Append(head);
        writer.Append(_icid);
        writer.Append(tail);
        writer.EndLine();
    }
}
