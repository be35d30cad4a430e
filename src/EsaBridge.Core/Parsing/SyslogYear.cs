namespace EsaBridge.Core.Parsing;

/// <summary>
/// Supplies the year BSD syslog headers leave out. With a fixed year, a December-to-January step in the stream
/// moves to the next year; without one, a month more than one month after the reference date's month belongs
/// to the previous year (a log read on 2 January holding 31 December lines).
/// </summary>
public sealed class SyslogYear
{
    private readonly int? _fixedYear;
    private readonly DateOnly _reference;
    private int _yearsAdded;
    private int _lastMonth;

    public SyslogYear(int? fixedYear, DateOnly reference)
    {
        _fixedYear = fixedYear;
        _reference = reference;
    }

    public int For(int month)
    {
        if (_fixedYear is int year)
        {
            if (_lastMonth == 12 && month == 1)
            {
                _yearsAdded++;
            }

            _lastMonth = month;
            return year + _yearsAdded;
        }

        return month > _reference.Month + 1 ? _reference.Year - 1 : _reference.Year;
    }
}
