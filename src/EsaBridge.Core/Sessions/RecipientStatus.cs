namespace EsaBridge.Core.Sessions;

/// <summary>What became of one recipient (contract version 2, <c>cisco.esa.recipients</c> <c>status</c>).</summary>
internal enum RecipientStatus : byte
{
    /// <summary>No result (yet): <c>pending</c>.</summary>
    Pending,
    Delivered,
    Bounced,

    /// <summary>Last seen deferred (a <c>Delayed:</c> line).</summary>
    Delayed,
    Dropped,
    Quarantined,

    /// <summary>Refused before it got a RID (RAT, LDAP accept, bounce verification).</summary>
    Rejected,
}

/// <summary>How a message left the appliance (<c>cisco.esa.disposition</c>).</summary>
internal enum Disposition : byte
{
    /// <summary>Not decided yet: the message is open.</summary>
    Open,
    Delivered,
    PartiallyDelivered,
    Bounced,
    Dropped,
    Quarantined,
    Aborted,
    Unknown,
    Incomplete,
}

internal static class DeliveryNames
{
    public static ReadOnlySpan<byte> Of(RecipientStatus status) => status switch
    {
        RecipientStatus.Delivered => "delivered"u8,
        RecipientStatus.Bounced => "bounced"u8,
        RecipientStatus.Delayed => "delayed"u8,
        RecipientStatus.Dropped => "dropped"u8,
        RecipientStatus.Quarantined => "quarantined"u8,
        RecipientStatus.Rejected => "rejected"u8,
        _ => "pending"u8,
    };

    public static ReadOnlySpan<byte> Of(Disposition disposition) => disposition switch
    {
        Disposition.Delivered => "delivered"u8,
        Disposition.PartiallyDelivered => "partially_delivered"u8,
        Disposition.Bounced => "bounced"u8,
        Disposition.Dropped => "dropped"u8,
        Disposition.Quarantined => "quarantined"u8,
        Disposition.Aborted => "aborted"u8,
        Disposition.Incomplete => "incomplete"u8,
        _ => "unknown"u8,
    };

    public static string Name(RecipientStatus status) => System.Text.Encoding.ASCII.GetString(Of(status));

    public static string Name(Disposition disposition) => System.Text.Encoding.ASCII.GetString(Of(disposition));

    public static RecipientStatus ParseStatus(string? name) =>
        Enum.GetValues<RecipientStatus>().FirstOrDefault(s => Name(s) == name);

    public static Disposition ParseDisposition(string? name) =>
        name is null ? Disposition.Open : Enum.GetValues<Disposition>().FirstOrDefault(d => d != Disposition.Open && Name(d) == name);
}
