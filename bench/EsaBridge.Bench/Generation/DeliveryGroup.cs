namespace EsaBridge.Bench.Generation;

/// <summary>
/// The recipients of a message that go to one destination in one <c>Delivery start</c>, and what happens to them:
/// <paramref name="BounceRid"/> (or -1) hard-bounces while the others are delivered; <paramref name="DelayFirst"/>
/// makes the first attempt end <c>Delayed</c> and a later one, on another connection, deliver.
/// </summary>
internal sealed record DeliveryGroup(DeliveryDestination Destination, int[] Rids, int BounceRid, bool DelayFirst)
{
    /// <summary>
    /// Splits a message's recipients by destination (inbound: one groupware host for all; outbound: one group per
    /// recipient domain, in RID order) and draws the partial bounces and the delays.
    /// </summary>
    public static DeliveryGroup[] Plan(Simulation simulation, Envelope envelope, bool generated)
    {
        Random random = simulation.Random;
        MailAddress[] recipients = envelope.Recipients;
        var groups = new List<(DeliveryDestination Destination, List<int> Rids)>();
        if (!envelope.Outbound)
        {
            groups.Add((DeliveryDestination.InternalHost(random), [.. Enumerable.Range(0, recipients.Length)]));
        }
        else
        {
            for (int rid = 0; rid < recipients.Length; rid++)
            {
                DeliveryDestination destination = DeliveryDestination.External(recipients[rid].Domain ?? []);
                int index = groups.FindIndex(g => g.Destination == destination);
                if (index < 0)
                {
                    groups.Add((destination, [rid]));
                }
                else
                {
                    groups[index].Rids.Add(rid);
                }
            }
        }

        // Several recipients: now and then one of them does not exist and hard-bounces.
        int bounceRid = !generated && recipients.Length > 1 && random.Next(100) < 12 ? random.Next(recipients.Length) : -1;
        bool delay = !generated && random.Next(100) < 3;
        return [.. groups.Select((g, i) => new DeliveryGroup(
            g.Destination, [.. g.Rids], g.Rids.Contains(bounceRid) ? bounceRid : -1, delay && i == 0))];
    }
}
