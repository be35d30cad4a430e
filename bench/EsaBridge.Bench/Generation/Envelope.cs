namespace EsaBridge.Bench.Generation;

/// <summary>What a message carries from reception to delivery.</summary>
internal sealed class Envelope
{
    public Envelope(MailAddress sender, MailAddress[] recipients, int size, byte[] subject, bool outbound)
    {
        Sender = sender;
        Recipients = recipients;
        Size = size;
        Subject = subject;
        Outbound = outbound;
    }

    public MailAddress Sender { get; }

    public MailAddress[] Recipients { get; }

    public int Size { get; }

    /// <summary>The subject with the quotes the log puts around it.</summary>
    public byte[] Subject { get; }

    /// <summary>True for mail relayed out by an internal host (outbound policy table, delivery to the internet).</summary>
    public bool Outbound { get; }
}
