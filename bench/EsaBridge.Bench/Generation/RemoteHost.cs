namespace EsaBridge.Bench.Generation;

/// <summary>
/// A client that connects to the appliance, with the text of its <c>New SMTP ICID</c> and host access table lines
/// pre-encoded (everything after <c>ICID n</c>).
/// </summary>
internal sealed class RemoteHost
{
    public RemoteHost(uint address, byte[] connectTail, byte[] policyTail, byte[] mailDomain, HostRole role)
    {
        Address = address;
        ConnectTail = connectTail;
        PolicyTail = policyTail;
        MailDomain = mailDomain;
        Role = role;
    }

    public uint Address { get; }

    /// <summary><c> interface Data 1 (10.0.0.5) address a.b.c.d reverse dns host x verified yes</c>.</summary>
    public byte[] ConnectTail { get; }

    /// <summary><c> ACCEPT SG UNKNOWNLIST match sbrs[-1.0:10.0] SBRS 3.5</c>.</summary>
    public byte[] PolicyTail { get; }

    /// <summary>The domain its senders use.</summary>
    public byte[] MailDomain { get; }

    public HostRole Role { get; }
}

/// <summary>How the host access table treats a client.</summary>
internal enum HostRole
{
    /// <summary>An internet sender that is accepted.</summary>
    Accepted,

    /// <summary>An internet sender whose connections are rejected: they never carry a message.</summary>
    Rejected,

    /// <summary>An internal host allowed to relay outbound mail.</summary>
    Relay,
}
