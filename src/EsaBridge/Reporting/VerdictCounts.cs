namespace EsaBridge.Reporting;

/// <summary>One scan's verdicts (<c>spam</c>, <c>antivirus</c>, ...): each value with its messages, most first.</summary>
/// <param name="Scan">The scan as the report names it.</param>
/// <param name="Messages">Messages with a verdict of this scan; the others had no such line.</param>
public sealed record VerdictCounts(string Scan, long Messages, IReadOnlyList<ValueCount> Values);
