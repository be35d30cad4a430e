namespace EsaBridge.Tests.Service;

/// <summary>The wait both service harnesses (a child process, a host in this process) use.</summary>
internal static class ServiceWait
{
    /// <summary>Waits up to 60 s for <paramref name="condition"/>, failing at once if the service stops first.</summary>
    /// <param name="log">What the service logged, for the failure message.</param>
    public static async Task UntilAsync(Func<bool> condition, Func<bool> hasExited, Func<string> log)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.False(hasExited(), $"the service stopped early:\n{log()}");
            Assert.True(DateTime.UtcNow < deadline, $"condition not reached within 60 s:\n{log()}");
            await Task.Delay(50);
        }
    }
}
