using EsaBridge.Core.Parsing;

namespace EsaBridge.Tests.Parsing;

/// <summary>
/// The scan verdict and filter action lines, each a real line from public material (where it was seen is noted on
/// it), read in the file form and the syslog form.
/// </summary>
/// <remarks>
/// Sources: [community] community.cisco.com knowledge base 4542222 (2022 lab, Samples/public);
/// [spamtowho] github 2001db8/ironport-tools, spamtowho logfuncs.pl comments (AsyncOS 3.x-5.x, Samples/public);
/// [docs] Cisco AsyncOS user guide examples (Samples/public/cisco-docs-examples.log);
/// [elastic] github elastic/integrations, packages/cisco_secure_email_gateway/data_stream/log/_dev/test/pipeline/test-common-text-mail.log;
/// [returnpath] github ReturnPath/rp-mta-log-transfer, parsers/ironportParser.pl (comments, 2011 log);
/// [jshunter], [onenote] github bkzk/cisco-email-filters lab logs (Samples/public);
/// [amp-writeup] a public lab write-up of an ESA AMP drop (2019), found by code search;
/// [robot] a public Cisco ESA robot test suite, found by code search (the log pattern it waits for);
/// [tests] this repository's LineShapeTests (TLS failed with a reason).
/// </remarks>
public class VerdictLineTests
{
    public static TheoryData<string, VerdictKind, string, string> RealLines => new()
    {
        // [community]
        { "MID 37 interim verdict using engine: CASE spam positive", VerdictKind.SpamInterim, "positive", "CASE" },
        { "MID 37 using engine: CASE spam positive", VerdictKind.Spam, "positive", "CASE" },
        { "MID 37 antivirus negative", VerdictKind.Antivirus, "negative", "" },
        { "MID 37 AMP file reputation verdict : SKIPPED (no attachment in message)", VerdictKind.Amp, "SKIPPED", "" },
        { "MID 37 Outbreak Filters: verdict negative", VerdictKind.Outbreak, "negative", "" },

        // [spamtowho]
        { "MID 928 using engine: Brightmail spam negative", VerdictKind.Spam, "negative", "Brightmail" },
        { "MID 7 using engine: CASE spam suspect", VerdictKind.Spam, "suspect", "CASE" },
        { "MID 108217 antivirus encrypted", VerdictKind.Antivirus, "encrypted", "" },
        { "MID 199460 antivirus repaired 'W32/Zafi-D", VerdictKind.Antivirus, "repaired", "W32/Zafi-D" },
        { "MID 18313686 antivirus positive 'W32/Sober-P' (released from Outbreak)", VerdictKind.Antivirus, "positive", "W32/Sober-P" },
        { "MID 1960958 was dropped by content filter 'dontsend' in the inbound table", VerdictKind.Filter, "dontsend", "" },
        { "MID 1960959 was bounced by content filter 'bounceme' in the inbound table", VerdictKind.Filter, "bounceme", "" },

        // [docs]
        { "MID 44 attachment 'Banner.gif'", VerdictKind.Attachment, "Banner.gif", "" },
        { "MID 44 attachment '=D1=82=D0=B5=D1=81=D1=82.rst'", VerdictKind.Attachment, "=D1=82=D0=B5=D1=81=D1=82.rst", "" },

        // [elastic]
        { "MID 68119155 using engine: GRAYMAIL positive", VerdictKind.Graymail, "positive", "" },
        { "MID 68119155 DMARC: Verification passed", VerdictKind.Dmarc, "passed", "" },
        { "MID 68119155 SPF: mailfrom identity no-reply@redactedMailFrom.com Pass (v=spf1)", VerdictKind.SpfMailFrom, "Pass", "" },
        {
            "MID 68119155 SDR: Consolidated Sender Threat Level: Neutral, Threat Category: N/A, Suspected Domain(s) : N/A (other reasons for verdict). Sender Maturity: 30 days (or greater) for domain: redacted.redactedMailFrom.com",
            VerdictKind.SdrThreatLevel, "Neutral", ""
        },
        { "MID 68119155 DMARC: Message from domain redactedMailFrom.com, DMARC pass (SPF aligned True, DKIM aligned True)", VerdictKind.Dmarc, "pass", "" },
        { "MID 68119155 DKIM: pass signature verified (d=redactedMailFrom.com s=srsa2048 i=@redactedMailFrom.com)", VerdictKind.Dkim, "pass", "redactedMailFrom.com" },
        { "MID 204841507 DKIM: permfail body hash did not verify [final] (d=example.com s=example2 i=@example.com)", VerdictKind.Dkim, "permfail", "example.com" },
        { "MID 204841507 Custom Log Entry: Mail Not DKIM Signed", VerdictKind.CustomLog, "Mail Not DKIM Signed", "" },
        {
            "MID 111 DLP violation. Severity: LOW (Risk Factor: 15). DLP policy match: 'PCI-DSS (Payment Card Industry Data Security Standard)'.",
            VerdictKind.Dlp, "violation", "PCI-DSS (Payment Card Industry Data Security Standard)"
        },

        // [returnpath]
        { "MID 1416566000 DKIM: pass signature verified [TEST] (d=sbcglobal.net s=s1024 i=@sbcglobal.net)", VerdictKind.Dkim, "pass", "sbcglobal.net" },
        { "MID 1416567588 DKIM: permfail no key for signature (d=e.ae.com s=20111007 i=@e.ae.com)", VerdictKind.Dkim, "permfail", "e.ae.com" },
        { "MID 1416568168 DKIM: malformed signature - signature missing required tag", VerdictKind.Dkim, "malformed", "" },

        // [jshunter], [onenote]
        { "MID 87 Custom Log Entry: JSHUnter: JSScript indicator found: 'var hello =, var conten  =, var body ='", VerdictKind.CustomLog, "JSHUnter: JSScript indicator found: 'var hello =, var conten  =, var body ='", "" },
        { "MID 37 attachment 'b58d332effebce32e00cc254be8561388082e2cdab140fe538bdc3d3ba7f5dcc.one'", VerdictKind.Attachment, "b58d332effebce32e00cc254be8561388082e2cdab140fe538bdc3d3ba7f5dcc.one", "" },

        // [amp-writeup], [robot]
        { "MID 1653 AMP file reputation verdict : MALWARE", VerdictKind.Amp, "MALWARE", "" },
        { "MID 5 Outbreak Filters: verdict positive", VerdictKind.Outbreak, "positive", "" },
    };

    [Theory]
    [MemberData(nameof(RealLines))]
    public void EachRealLineGivesItsVerdictInTheFileAndSyslogForms(string body, VerdictKind kind, string value, string detail)
    {
        foreach (string form in new[] { LineForms.FileForm, LineForms.Syslog })
        {
            var p = ParsedText.Of(LineForms.Render(form, body));

            Assert.Equal(LineKind.MidVerdict, p.Kind);
            Assert.Equal(long.Parse(body.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), p.Line.Mid);
            Assert.Equal(kind, p.Line.Verdict);
            Assert.Equal(value, p.Text(p.Line.VerdictValue));
            Assert.Equal(detail, p.Text(p.Line.VerdictDetail));
        }
    }

    [Theory]
    [MemberData(nameof(LineForms.Timed), MemberType = typeof(LineForms))]
    public void TlsSuccessKeepsTheCipherAndTlsFailedTheReason(string form)
    {
        // [spamtowho] (cipher), [tests] (reason), [spamtowho] (old form without a reason)
        var success = ParsedText.Of(LineForms.Render(form, "ICID 623143 TLS success protocol TLSv1/SSLv3 cipher DHE-RSA-AES256-SHA"));
        var failed = ParsedText.Of(LineForms.Render(form, "ICID 4 TLS failed: [Errno 54] Connection reset by peer"));
        var oldFailed = ParsedText.Of(LineForms.Render(form, "ICID 10304580 TLS failed"));

        Assert.Equal(LineKind.IcidTlsSuccess, success.Kind);
        Assert.Equal("TLSv1/SSLv3", success.Text(success.Line.TlsProtocol));
        Assert.Equal("DHE-RSA-AES256-SHA", success.Text(success.Line.TlsCipher));
        Assert.Equal(LineKind.IcidTlsFailure, failed.Kind);
        Assert.Equal(4, failed.Line.Icid);
        Assert.Equal("[Errno 54] Connection reset by peer", failed.Text(failed.Line.TlsFailure));
        Assert.Equal(LineKind.IcidTlsFailure, oldFailed.Kind);
        Assert.Equal(string.Empty, oldFailed.Text(oldFailed.Line.TlsFailure));
    }

    [Theory]
    [InlineData("MID 5 using engine: CASE spam ")]
    [InlineData("MID 5 interim verdict using engine: CASE spam ")]
    [InlineData("MID 5 using engine: GRAYMAIL ")]
    [InlineData("MID 5 antivirus ")]
    [InlineData("MID 5 antivirus 'W32/x'")]
    [InlineData("MID 5 AMP file reputation verdict")]
    [InlineData("MID 5 AMP file reputation verdict : ")]
    [InlineData("MID 5 AMP file reputation verdict : (no attachment in message)")]
    [InlineData("MID 5 Outbreak Filters: verdict ")]
    [InlineData("MID 5 SPF: mailfrom identity ")]
    [InlineData("MID 5 SPF: mailfrom identity a@b.example")]
    [InlineData("MID 5 DKIM: ")]
    [InlineData("MID 5 DMARC: Verification ")]
    [InlineData("MID 5 DMARC: Message from domain x.example, DMARC ")]
    [InlineData("MID 5 SDR: Consolidated Sender Threat Level: , Threat Category: N/A")]
    [InlineData("MID 5 Custom Log Entry: ")]
    [InlineData("MID 5 attachment '")]
    [InlineData("MID 5 attachment ''")]
    public void A_verdict_line_cut_before_its_value_is_malformed(string body)
    {
        foreach (string form in new[] { LineForms.FileForm, LineForms.Syslog })
        {
            Assert.Equal(LineKind.Malformed, ParsedText.Of(LineForms.Render(form, body)).Kind);
        }
    }

    [Fact]
    public void The_verdict_kind_fits_in_the_parsed_line_without_growing_it()
    {
        // ParsedLine's remarks: 88 bytes, within the two cache lines the sessionizing thread prefetches.
        Assert.Equal(88, System.Runtime.CompilerServices.Unsafe.SizeOf<ParsedLine>());
    }

    [Fact]
    public void Every_prefix_of_every_real_line_parses_without_throwing()
    {
        foreach (var row in RealLines)
        {
            string line = LineForms.Render(LineForms.FileForm, (string)row[0]);
            for (int cut = 0; cut <= line.Length; cut++)
            {
                var p = ParsedText.Of(line[..cut]);
                Assert.True(Enum.IsDefined(p.Kind), line[..cut]);
            }
        }
    }
}
