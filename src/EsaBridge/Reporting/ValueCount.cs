namespace EsaBridge.Reporting;

/// <summary>One value as logged (a disposition, a verdict, a quarantine, a status code) and how often it was seen.</summary>
public sealed record ValueCount(string Value, long Count);
