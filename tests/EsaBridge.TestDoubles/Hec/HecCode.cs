namespace EsaBridge.Tests.TestDoubles.Hec;

/// <summary>HEC's answer codes (docs/splunk-notes.md "Answers", plus the health codes 17-20).</summary>
public enum HecCode
{
    Success = 0,
    TokenDisabled = 1,
    TokenRequired = 2,
    InvalidAuthorization = 3,
    InvalidToken = 4,
    NoData = 5,
    InvalidDataFormat = 6,
    IncorrectIndex = 7,
    InternalServerError = 8,
    ServerBusy = 9,
    DataChannelMissing = 10,
    InvalidDataChannel = 11,
    EventFieldRequired = 12,
    EventFieldBlank = 13,
    AckDisabled = 14,
    IndexedFieldsError = 15,
    QueryStringAuthorizationDisabled = 16,
    Healthy = 17,
    QueuesFull = 18,
    AckServiceUnavailable = 19,
    QueuesFullAndAckServiceUnavailable = 20,
}

/// <summary>The HTTP status and text HEC sends with each code.</summary>
public static class HecCodes
{
    public static (int Status, string Text) Of(HecCode code) => code switch
    {
        HecCode.Success => (200, "Success"),
        HecCode.TokenDisabled => (403, "Token disabled"),
        HecCode.TokenRequired => (401, "Token is required"),
        HecCode.InvalidAuthorization => (401, "Invalid authorization"),
        HecCode.InvalidToken => (403, "Invalid token"),
        HecCode.NoData => (400, "No data"),
        HecCode.InvalidDataFormat => (400, "Invalid data format"),
        HecCode.IncorrectIndex => (400, "Incorrect index"),
        HecCode.InternalServerError => (500, "Internal server error"),
        HecCode.ServerBusy => (503, "Server is busy"),
        HecCode.DataChannelMissing => (400, "Data channel is missing"),
        HecCode.InvalidDataChannel => (400, "Invalid data channel"),
        HecCode.EventFieldRequired => (400, "Event field is required"),
        HecCode.EventFieldBlank => (400, "Event field cannot be blank"),
        HecCode.AckDisabled => (400, "ACK is disabled"),
        HecCode.IndexedFieldsError => (400, "Error in handling indexed fields"),
        HecCode.QueryStringAuthorizationDisabled => (400, "Query string authorization is not enabled"),
        HecCode.Healthy => (200, "HEC is healthy"),
        HecCode.QueuesFull => (503, "HEC is unhealthy, queues are full"),
        HecCode.AckServiceUnavailable => (503, "HEC is unhealthy, ack service unavailable"),
        HecCode.QueuesFullAndAckServiceUnavailable => (503, "HEC is unhealthy, queues are full, ack service unavailable"),
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };
}
