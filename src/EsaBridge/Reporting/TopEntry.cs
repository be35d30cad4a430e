namespace EsaBridge.Reporting;

public sealed record TopEntry(string Value, long Count);
