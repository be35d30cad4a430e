using System.Text.Json.Nodes;

namespace EsaBridge.Tests.TestDoubles.Kibana;

/// <summary>Saved objects by space, then by <c>type:id</c>. Callers lock <see cref="Gate"/>.</summary>
internal sealed class SavedObjectStore
{
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _spaces = new(StringComparer.Ordinal);

    public Lock Gate { get; } = new();

    public static string Key(string type, string id) => type + ":" + id;

    public bool Contains(string space, string key) => _spaces.TryGetValue(space, out var objects) && objects.ContainsKey(key);

    public void Put(string space, string key, JsonObject savedObject)
    {
        if (!_spaces.TryGetValue(space, out var objects))
        {
            objects = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            _spaces[space] = objects;
        }

        objects[key] = (JsonObject)savedObject.DeepClone();
    }

    /// <summary>Whether any other space holds an object under this <c>type:id</c>.</summary>
    public bool InOtherSpace(string space, string key) => _spaces.Any(s => s.Key != space && s.Value.ContainsKey(key));

    /// <summary>The id of an object of this type in the space whose <c>originId</c> is <paramref name="id"/> (Kibana's origin match).</summary>
    public string? ByOrigin(string space, string type, string id) =>
        _spaces.TryGetValue(space, out var objects)
            ? objects.Values.FirstOrDefault(o => o["type"]?.ToString() == type && o["originId"]?.ToString() == id)?["id"]?.ToString()
            : null;

    /// <summary>The objects of one type in a space.</summary>
    public IEnumerable<JsonObject> OfType(string space, string type) =>
        _spaces.TryGetValue(space, out var objects) ? objects.Values.Where(o => o["type"]?.ToString() == type).Select(o => (JsonObject)o.DeepClone()) : [];

    public Dictionary<string, JsonObject> Snapshot(string space) =>
        _spaces.TryGetValue(space, out var objects)
            ? objects.ToDictionary(o => o.Key, o => (JsonObject)o.Value.DeepClone(), StringComparer.Ordinal)
            : new Dictionary<string, JsonObject>(StringComparer.Ordinal);
}
