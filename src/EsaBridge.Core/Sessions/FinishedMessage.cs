using EsaBridge.Core.Parsing;

namespace EsaBridge.Core.Sessions;

/// <summary>
/// A message the sessionizer has just finished (or given up on), with its verdict, as handed to a
/// <see cref="FinishedMessageSink"/>: what the document and a <see cref="SessionRecord"/> are made from. Valid only during the call it is
/// passed to, unless the sink keeps the states (<see cref="FinishedMessageSink.KeepsStates"/>): the message state is reused afterwards.
/// </summary>
internal readonly struct FinishedMessage(
    ApplianceState appliance, long mid, MessageState message, MessageOutcome outcome, long end, AbortClass abortClass, bool nearTimeout, long? idle)
    : IDocumentSource
{
    public ObserverStamp Observer { get; } = new(appliance);

    public ApplianceState Appliance => Observer.Appliance;

    public long Mid { get; } = mid;

    public MessageState Message { get; } = message;

    public ConnectionState? SharedConnection => Message.Connection;

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
            Reason = m.AbortReason.ToStringOrNull(),
            AbortClass = AbortClass,
            NearTimeout = NearTimeout,
            IdleSeconds = IdleSeconds,
            From = m.From.ToStringOrNull(),
            To = RecipientsInRidOrder(m.To),
            MessageId = m.MessageId.ToStringOrNull(),
            Subject = m.Subject.ToStringOrNull(),
            Size = m.Size,
            Dcids = m.Dcids is { Count: > 0 } dcids ? dcids.ToArray() : [],
            Policy = m.Policy,
            ParentMid = m.ParentMid,
            Derivation = DerivationNames.Of(m.Derivation),
            DerivedMids = (IReadOnlyList<long>?)m.DerivedMids ?? [],
            Connection = m.Connection is null ? null : m.Connection.Snapshot ??= ConnectionSnapshot.Of(m.Connection),
            Verdicts = m.Verdicts is null || m.Verdicts.IsEmpty ? null : VerdictSnapshot.Of(m.Verdicts),
            ObserverVersion = Observer.Version,
            ObserverSerialNumber = Observer.SerialNumber,
            LogPath = m.LogPath,
            Disposition = m.Disposition == Disposition.Open ? null : DeliveryNames.Name(m.Disposition),
            Recipients = RecipientRecords(m),
            Quarantines = (IReadOnlyList<string>?)m.Quarantines?.ToArray() ?? [],
        };
    }

    private static RecipientRecord[] RecipientRecords(MessageState m)
    {
        var records = new List<RecipientRecord>();
        m.To?.SortByRid();
        Add(records, m.To);
        Add(records, m.RejectedTo);
        return [.. records];

        static void Add(List<RecipientRecord> records, RecipientList? list)
        {
            for (int i = 0; list is not null && i < list.Count; i++)
            {
                records.Add(new RecipientRecord(
                    list.Rid(i) >= 0 ? list.Rid(i) : null,
                    list.HasAddress(i) ? System.Text.Encoding.UTF8.GetString(list.Address(i)) : null,
                    DeliveryNames.Name(list.Status(i)),
                    list.Dcid(i),
                    list.HasResponse(i) ? System.Text.Encoding.UTF8.GetString(list.Response(i)) : null,
                    list.HasStatusCode(i) ? System.Text.Encoding.UTF8.GetString(list.StatusCode(i)) : null,
                    list.DestinationIp(i),
                    list.Tls(i),
                    list.StatusSeconds(i) != 0 ? list.StatusSeconds(i) : null));
            }
        }
    }

    private static string[] RecipientsInRidOrder(RecipientList? recipients)
    {
        if (recipients is null)
        {
            return [];
        }

        recipients.SortByRid();
        return recipients.Addresses();
    }
}
