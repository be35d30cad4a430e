namespace EsaBridge.Outputs.Elasticsearch;

/// <summary>One item of a <c>_bulk</c> answer: its HTTP status and, on failure, the error's type and reason.</summary>
internal readonly record struct BulkItemResult(int Status, string? ErrorType, string? ErrorReason)
{
    public bool Created => Status is 200 or 201;

    /// <summary>409 on a <c>create</c>: the id is already in the data stream, so this document was delivered before.</summary>
    public bool AlreadyPresent => Status == 409;

    public bool Retryable => Status == 429 || Status >= 500;

    public string Reason => ErrorType is null ? $"HTTP {Status}" : $"{ErrorType}: {ErrorReason}";
}
