using System.Collections.Generic;

namespace EsaBridge.Core.Documents;

/// <summary>
/// The JSON between two fields of a document given by their dotted paths: the objects to close after the earlier one,
/// a comma, the objects to open and the later one's name. One source for the runtime plan (<see
/// cref="DocumentWritePlan{TSource}"/>) and the build-time generator of the writers, which compiles this file too
/// (netstandard2.0, so plain C#): the generated writers' literals are the plan's bytes by construction, and the plan
/// checks them again at start.
/// </summary>
internal static class JsonFieldSteps
{
    /// <summary>
    /// Each field's context: the object it lies in, numbered from 1 in the order the objects first appear (0 is the
    /// document's start, before any field). What comes after a field depends on its context alone.
    /// </summary>
    /// <param name="paths">The fields' dotted paths, in order.</param>
    public static int[] Contexts(IReadOnlyList<string> paths)
    {
        var numbers = new Dictionary<string, int>();
        var contexts = new int[paths.Count];
        for (int i = 0; i < paths.Count; i++)
        {
            int dot = paths[i].LastIndexOf('.');
            string parent = dot < 0 ? string.Empty : paths[i].Substring(0, dot);
            if (!numbers.TryGetValue(parent, out int context))
            {
                context = numbers.Count + 1;
                numbers.Add(parent, context);
            }

            contexts[i] = context;
        }

        return contexts;
    }

    /// <summary>From the field at <paramref name="from"/> (its value written) to the name of the one at <paramref name="to"/>.</summary>
    /// <param name="first">True at the document's start: <paramref name="from"/> is then empty.</param>
    public static string Between(string[] from, string[] to, bool first)
    {
        int fromObjects = System.Math.Max(0, from.Length - 1);
        int common = 0;
        while (common < fromObjects && common < to.Length - 1 && from[common] == to[common])
        {
            common++;
        }

        string json = first ? "{" : new string('}', fromObjects - common) + ",";
        for (int depth = common; depth < to.Length - 1; depth++)
        {
            json += "\"" + to[depth] + "\":{";
        }

        return json + "\"" + to[to.Length - 1] + "\":";
    }
}
