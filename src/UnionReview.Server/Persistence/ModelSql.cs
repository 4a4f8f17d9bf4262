using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace UnionReview.Server.Persistence;

/// <summary>
/// Plain SQL statements generated from the EF Core model (table, column names, keys, value conversions, the concurrency
/// token), so the fast path writes exactly the columns EF Core would: a column added to an entity is written without
/// anyone listing it again. One <see cref="TableSql"/> per entity type, built once.
/// </summary>
public sealed class ModelSql(IModel model)
{
    private readonly ConcurrentDictionary<Type, TableSql> _tables = new();

    public TableSql For<T>() => For(typeof(T));

    public TableSql For(Type clrType) => _tables.GetOrAdd(clrType, t => new TableSql(model.FindEntityType(t) ?? throw new InvalidOperationException($"{t.Name} is not in the model.")));
}

/// <summary>The version rule of <see cref="IVersioned"/> rows, for EF Core's saves and the plain SQL path alike.</summary>
public static class RowVersions
{
    /// <summary>A changed row gets the next version, so a turn prepared from an older read fails its check.</summary>
    public static void Raise(IVersioned row)
    {
        ArgumentNullException.ThrowIfNull(row);
        row.Version++;
    }
}

/// <summary>The statements of one table, with the values of an entity read through the model (converted as EF Core does).</summary>
public sealed class TableSql
{
    private readonly IProperty? _generatedKey;
    private readonly IProperty[] _keys;
    private readonly IProperty? _token;
    private readonly IProperty[] _inserted;
    private readonly IProperty[] _updated;
    private readonly IEntityType _type;
    private readonly ConcurrentDictionary<string, (string Sql, IProperty[] Set)> _partial = new(StringComparer.Ordinal);

    internal TableSql(IEntityType type)
    {
        _type = type;
        Table = type.GetTableName() ?? throw new InvalidOperationException($"{type.DisplayName()} has no table.");
        var key = type.FindPrimaryKey() ?? throw new InvalidOperationException($"{type.DisplayName()} has no key.");
        _keys = [.. key.Properties];
        _generatedKey = _keys is [{ ValueGenerated: ValueGenerated.OnAdd } only] ? only : null;
        _token = type.GetProperties().SingleOrDefault(p => p.IsConcurrencyToken);
        var properties = type.GetProperties().ToArray();
        Columns = [.. properties.Select(Column)];
        _inserted = [.. properties.Where(p => p != _generatedKey)];
        _updated = [.. properties.Where(p => !p.IsPrimaryKey() && p != _token)];
        var values = string.Join(", ", _inserted.Select((_, i) => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var insert = $"INSERT INTO {Table} ({string.Join(", ", _inserted.Select(Column))}) VALUES ({values})";
        var returning = _generatedKey is null ? "" : " RETURNING " + Column(_generatedKey);
        InsertSql = insert + returning;
        InsertIfAbsentSql = insert + " ON CONFLICT DO NOTHING" + returning;
        UpdateSql = UpdateStatement(_updated);
    }

    public string Table { get; }

    /// <summary>Every mapped column of the table.</summary>
    public IReadOnlyList<string> Columns { get; }

    public string InsertSql { get; }

    public string InsertIfAbsentSql { get; }

    /// <summary>Every column but the key; with a concurrency token, the next version, only where the version read is still stored.</summary>
    public string UpdateSql { get; }

    /// <summary>Inserts the row; returns the generated key (or the number of rows inserted when the key is not generated).</summary>
    public long Insert(WriterSql sql, object entity)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var values = Values(entity, _inserted);
        var id = _generatedKey is null ? sql.Execute(InsertSql, values) : sql.Scalar(InsertSql, values);
        SetGeneratedKey(entity, id);
        return id;
    }

    /// <summary>Inserts the row unless one with the same key or unique index exists; returns the key (or 1), or null when it existed.</summary>
    public long? InsertIfAbsent(WriterSql sql, object entity)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var values = Values(entity, _inserted);
        long? id = _generatedKey is null ? (sql.Execute(InsertIfAbsentSql, values) == 1 ? 1 : null) : sql.ScalarOrNull(InsertIfAbsentSql, values);
        if (id is { } inserted)
        {
            SetGeneratedKey(entity, inserted);
        }

        return id;
    }

    /// <summary>
    /// Writes every column of the row. A versioned row is written only if its stored version is the one it was read at,
    /// and then carries the next version (<see cref="RowVersions.Raise"/>); returns whether the row was written.
    /// </summary>
    public bool Update(WriterSql sql, object entity) => Update(sql, entity, _updated, UpdateSql);

    /// <summary>Writes only the named properties of the row (and the version rule, as <see cref="Update(WriterSql, object)"/>).</summary>
    public bool Update(WriterSql sql, object entity, params string[] properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var (statement, set) = _partial.GetOrAdd(string.Join(',', properties), _ =>
        {
            IProperty[] chosen = [.. properties.Select(name => _type.FindProperty(name) ?? throw new InvalidOperationException($"{_type.DisplayName()} has no property {name}."))];
            return (UpdateStatement(chosen), chosen);
        });
        return Update(sql, entity, set, statement);
    }

    private bool Update(WriterSql sql, object entity, IProperty[] set, string statement)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(entity);
        var versioned = _token is null ? null : (IVersioned)entity;
        var read = versioned?.Version;
        if (versioned is not null)
        {
            RowVersions.Raise(versioned);
        }

        var values = new object?[set.Length + _keys.Length + (versioned is null ? 0 : 2)];
        var n = 0;
        foreach (var property in set)
        {
            values[n++] = Value(entity, property);
        }

        if (versioned is not null)
        {
            values[n++] = versioned.Version;
        }

        foreach (var key in _keys)
        {
            values[n++] = Value(entity, key);
        }

        if (versioned is not null)
        {
            values[n] = read;
        }

        var written = sql.Execute(statement, values) == 1;
        if (!written && versioned is not null)
        {
            versioned.Version = read!.Value;
        }

        return written;
    }

    private string UpdateStatement(IProperty[] set)
    {
        var n = 0;
        var assignments = set.Select(p => $"{Column(p)} = $p{n++}").ToList();
        if (_token is not null)
        {
            assignments.Add($"{Column(_token)} = $p{n++}");
        }

        var where = _keys.Select(k => $"{Column(k)} = $p{n++}").ToList();
        if (_token is not null)
        {
            where.Add($"{Column(_token)} = $p{n++}");
        }

        return FormattableString.Invariant($"UPDATE {Table} SET {string.Join(", ", assignments)} WHERE {string.Join(" AND ", where)}");
    }

    private void SetGeneratedKey(object entity, long id)
    {
        if (_generatedKey is not null)
        {
            var clr = _generatedKey.ClrType;
            _generatedKey.PropertyInfo!.SetValue(entity, clr == typeof(int) ? checked((int)id) : (object)id);
        }
    }

    private static object?[] Values(object entity, IProperty[] properties)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var values = new object?[properties.Length];
        for (var i = 0; i < properties.Length; i++)
        {
            values[i] = Value(entity, properties[i]);
        }

        return values;
    }

    /// <summary>The value as stored: through the property's value converter (dates as Unix milliseconds, enums as names).</summary>
    private static object? Value(object entity, IProperty property)
    {
        var value = property.GetGetter().GetClrValueUsingContainingEntity(entity);
        return value is not null && property.GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value) : value;
    }

    private static string Column(IProperty property) => property.GetColumnName();
}
