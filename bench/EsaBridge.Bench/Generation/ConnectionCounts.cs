using System.Globalization;

namespace EsaBridge.Bench.Generation;

/// <summary>How the generated inbound connections ended: one connection document each, except the TCP refusals.</summary>
internal sealed class ConnectionCounts
{
    /// <summary>Connections that carried at least one message.</summary>
    public long WithMessages { get; set; }

    /// <summary>Host access table <c>REJECT</c>, then <c>close</c>.</summary>
    public long Rejected { get; set; }

    /// <summary>No message: <c>close</c> right after the greeting.</summary>
    public long ClosedWithoutMessage { get; set; }

    /// <summary>No message: <c>lost</c> before any command, then <c>close</c>.</summary>
    public long LostWithoutMessage { get; set; }

    /// <summary>No message: idle for the listener timeout, then <c>close</c>.</summary>
    public long IdleTimeout { get; set; }

    /// <summary>No message: <c>TLS failed: ...</c>, then <c>close</c> (sometimes after <c>lost</c>).</summary>
    public long TlsFailed { get; set; }

    /// <summary><c>ICID 0 TCPREFUSE ...</c> lines: refused before the connection got an ICID, so no document.</summary>
    public long TcpRefused { get; set; }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"with_messages={WithMessages} rejected={Rejected} closed_without_message={ClosedWithoutMessage} " +
        $"lost_without_message={LostWithoutMessage} idle_timeout={IdleTimeout} tls_failed={TlsFailed} " +
        $"tcp_refused={TcpRefused}");
}
