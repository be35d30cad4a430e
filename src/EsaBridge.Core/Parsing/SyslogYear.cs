namespace EsaBridge.Core.Parsing;

/// <summary>
/// Supplies the year BSD syslog headers leave out.
/// With a fixed year, the stream's newest month is tracked: a month more than six months before it starts the
/// next year (December, then January), and a month more than six months after it belongs to the previous year
/// (a late December line after January ones, from reordering or another appliance), without moving the state.
/// Without a fixed year, a month more than one month after the reference date's month belongs to the previous
/// year (a log read on 2 January holding 31 December lines).
/// </summary>
public sealed class SyslogYear
{
    private readonly int? _fixedYear;
    private readonly DateOnly _reference;
    private int _currentYear;
    private int _currentMonth;

    public SyslogYear(int? fixedYear, DateOnly reference)
    {
        _fixedYear = fixedYear;
        _reference = reference;
        _currentYear = fixedYear ?? reference.Year;
    }

    public int For(int month)
    {
        if (_fixedYear is null)
        {
            return month > _reference.Month + 1 ? _reference.Year - 1 : _reference.Year;
        }

        if (_currentMonth == 0)
        {
            _currentMonth = month;
        }
        else if (month < _currentMonth - 6)
        {
            _currentYear++;
            _currentMonth = month;
        }
        else if (month > _currentMonth + 6)
        {
            return _currentYear - 1;
        }
        else if (month > _currentMonth)
        {
            _currentMonth = month;
        }

        return _currentYear;
    }
}
