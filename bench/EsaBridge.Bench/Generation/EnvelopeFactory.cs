namespace EsaBridge.Bench.Generation;

/// <summary>Draws the sender, recipients, size and subject of a new message from a given client.</summary>
internal static class EnvelopeFactory
{
    public static Envelope For(Simulation simulation, RemoteHost host)
    {
        Random random = simulation.Random;
        Vocabulary words = simulation.Vocabulary;
        bool outbound = host.Role == HostRole.Relay;
        var recipients = new MailAddress[RecipientCount(random)];
        MailAddress sender;
        if (outbound)
        {
            sender = words.InternalAddress(random);
            for (int i = 0; i < recipients.Length; i++)
            {
                recipients[i] = words.ExternalAddress(random, Vocabulary.Pick(random, words.ExternalDomains));
            }
        }
        else
        {
            int roll = random.Next(100);
            sender = roll switch
            {
                < 2 => MailAddress.Null,
                < 80 => words.ExternalAddress(random, host.MailDomain),
                _ => words.ExternalAddress(random, Vocabulary.Pick(random, words.ExternalDomains)),
            };
            for (int i = 0; i < recipients.Length; i++)
            {
                recipients[i] = words.InternalAddress(random);
            }
        }

        return new Envelope(sender, recipients, MessageSize(random), Vocabulary.Pick(random, words.Subjects), outbound);
    }

    /// <summary>A bounce: from the null sender to the original sender.</summary>
    public static Envelope Bounce(Envelope original) => new(
        MailAddress.Null,
        [original.Sender],
        2_600 + Math.Min(original.Size, 6_000),
        "'Delivery Status Notification (Failure)'"u8.ToArray(),
        outbound: true);

    /// <summary>A bcc copy to the journal mailbox.</summary>
    public static Envelope BccCopy(Envelope original) => new(
        original.Sender,
        [new MailAddress("journal"u8.ToArray(), "example.com"u8.ToArray())],
        original.Size + 420,
        original.Subject,
        outbound: false);

    private static int RecipientCount(Random random) => random.Next(100) switch
    {
        < 70 => 1,
        < 84 => 2,
        < 92 => 3,
        < 97 => 4,
        _ => 5,
    };

    private static int MessageSize(Random random)
    {
        double u = random.NextDouble();
        return 900 + (int)(u * u * u * u * 6_000_000) + random.Next(0, 40_000);
    }
}
