namespace EsaBridge.Tests.TestDoubles.SplunkManagement;

/// <summary>One stored object: a conf stanza, a view, a nav or an app, with its settings and its ACL.</summary>
public sealed class SplunkObject(string app, string name)
{
    public string App { get; } = app;

    public string Name { get; } = name;

    /// <summary>The settings as they would be written to the .conf file (or <c>eai:data</c> for views).</summary>
    public Dictionary<string, string> Content { get; } = new(StringComparer.Ordinal);

    /// <summary><c>user</c>, <c>app</c> or <c>global</c>.</summary>
    public string Sharing { get; set; } = "app";

    public string Owner { get; set; } = "nobody";

    public List<string> ReadRoles { get; } = ["*"];

    public List<string> WriteRoles { get; } = ["admin", "power"];

    /// <summary>How many times the object was created or changed.</summary>
    public int Revision { get; set; }
}
