namespace EsaBridge.Tests.Parsing;

/// <summary>Renders one ESA message text in each line form the parser must read.</summary>
public static class LineForms
{
    public const string FileForm = "file";
    public const string Syslog = "syslog";
    public const string SyslogNoPri = "syslog-no-pri";
    public const string SyslogRelayYear = "syslog-relay-year";
    public const string SyslogIpHost = "syslog-ip-host";
    public const string SyslogRelayRewritten = "syslog-relay-rewritten";
    public const string Rfc5424 = "rfc5424";
    public const string Headerless = "headerless";

    public static TheoryData<string> All => [FileForm, Syslog, SyslogNoPri, SyslogRelayYear, SyslogIpHost, SyslogRelayRewritten, Rfc5424, Headerless];

    public static TheoryData<string> Timed => [FileForm, Syslog, SyslogNoPri, SyslogRelayYear, SyslogIpHost, SyslogRelayRewritten, Rfc5424];

    /// <summary>The text at 2014-08-14 11:04:31 (local, or UTC for RFC 5424) in the given form.</summary>
    public static string Render(string form, string body, string level = "Info") => form switch
    {
        FileForm => $"Thu Aug 14 11:04:31 2014 {level}: {body}",
        Syslog => $"<22>Aug 14 11:04:31 esa1.example.com mail_logs: {level}: {body}",
        SyslogNoPri => $"Aug 14 11:04:31 esa1.example.com ESA_mail_logs: {level}: {body}",
        SyslogRelayYear => $"Aug 14 11:04:31 2014 esa1.example.com syslog_mail: {level}: {body}",
        SyslogIpHost => $"<22>Aug 14 11:04:31 10.0.1.1 mail_logs: {level}: {body}",
        SyslogRelayRewritten => $"2014 Aug 14 11:04:31 esa1.example.com mail [info] splunk_maillogs:nopid {level}: {body}",
        Rfc5424 => $"<22>1 2014-08-14T11:04:31Z esa1.example.com mail_logs - - - {level}: {body}",
        Headerless => $"{level}: {body}",
        _ => throw new ArgumentOutOfRangeException(nameof(form)),
    };

    /// <summary>2014-08-14 11:04:31 as seconds since 1970.</summary>
    public static long Seconds => new DateTimeOffset(2014, 8, 14, 11, 4, 31, TimeSpan.Zero).ToUnixTimeSeconds();
}
