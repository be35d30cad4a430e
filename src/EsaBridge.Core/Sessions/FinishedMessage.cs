using EsaBridge.Core.Parsing;

namespace EsaBridge.Core.Sessions;

/// <summary>
/// A message the sessionizer has just finished (or given up on), with its verdict: what both a
/// <see cref="SessionRecord"/> and the directly written document are made from. Valid only during the call it is
/// passed to: the message state is reused afterwards.
/// </summary>
internal readonly struct FinishedMessage(
    ApplianceState appliance, long mid, MessageState message, MessageOutcome outcome, long end, AbortClass abortClass, bool nearTimeout, long? idle)
{
    public ApplianceState Appliance { get; } = appliance;

    public long Mid { get; } = mid;

    public MessageState Message { get; } = message;

    public MessageOutcome Outcome { get; } = outcome;

    public long Start { get; } = message.Started ? message.StartSeconds : message.FirstSeconds;

    public long End { get; } = end;

    public AbortClass AbortClass { get; } = abortClass;

    public bool NearTimeout { get; } = nearTimeout;

    public long? IdleSeconds { get; } = idle;

    public SessionRecord ToRecord()
    {
        var m = Message;
        return new SessionRecord
        {
            EventId = EventIdentity.For(Appliance.Name, Mid, Start),
            Appliance = Appliance.Name,
            Mid = Mid,
            Icid = m.Icid >= 0 ? m.Icid : null,
            Outcome = Outcome,
            StartSeconds = Start,
            EndSeconds = End,
            Reason = m.AbortReason,
            AbortClass = AbortClass,
            NearTimeout = NearTimeout,
            IdleSeconds = IdleSeconds,
            From = m.From,
            To = RecipientsInRidOrder(m.To),
            MessageId = m.MessageId,
            Subject = m.Subject,
            Size = m.Size,
            Dcids = (IReadOnlyList<long>?)m.Dcids ?? [],
            Policy = m.Policy,
            ParentMid = m.ParentMid,
            Derivation = DerivationNames.Of(m.Derivation),
            DerivedMids = (IReadOnlyList<long>?)m.DerivedMids ?? [],
            Connection = m.Connection is null ? null : m.Connection.Snapshot ??= ConnectionSnapshot.Of(m.Connection),
            ObserverVersion = Appliance.Version,
            ObserverSerialNumber = Appliance.SerialNumber,
            LogPath = m.LogPath,
        };
    }

    /// <summary>Sorts the recipients by RID in place (they are logged in order, so this rarely moves anything).</summary>
    public static void SortByRid(List<(long Rid, string Address)> recipients)
    {
        for (int i = 1; i < recipients.Count; i++)
        {
            if (recipients[i].Rid < recipients[i - 1].Rid)
            {
                recipients.Sort((a, b) => a.Rid.CompareTo(b.Rid));
                return;
            }
        }
    }

    private static string[] RecipientsInRidOrder(List<(long Rid, string Address)>? recipients)
    {
        if (recipients is null)
        {
            return [];
        }

        SortByRid(recipients);
        string[] addresses = new string[recipients.Count];
        for (int i = 0; i < addresses.Length; i++)
        {
            addresses[i] = recipients[i].Address;
        }

        return addresses;
    }
}
