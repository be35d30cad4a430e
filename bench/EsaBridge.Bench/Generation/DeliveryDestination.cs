namespace EsaBridge.Bench.Generation;

/// <summary>
/// Where a group of a message's recipients is delivered: one of the internal groupware hosts (inbound mail), or
/// the mail host of one external domain (outbound mail).
/// </summary>
internal readonly record struct DeliveryDestination(int Key, bool Internal)
{
    public const int InternalHosts = 4;

    public static DeliveryDestination InternalHost(Random random) => new(random.Next(InternalHosts), Internal: true);

    /// <summary>The destination of an external domain; equal domains give equal keys in every run (FNV-1a, not the per-process <see cref="HashCode"/>).</summary>
    public static DeliveryDestination External(byte[] domain)
    {
        uint hash = 2166136261;
        foreach (byte b in domain)
        {
            hash = (hash ^ b) * 16777619;
        }

        return new DeliveryDestination(InternalHosts + (int)(hash & 0x3FFFFFFF), Internal: false);
    }
}
