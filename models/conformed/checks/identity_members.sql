{#
    Every report's cells that take part in an identity, one row per report, identity, scope
    and member cell: the report values joined to the identity definitions (the
    template_identities seed). identity_sums adds them up; identity_evidence quotes them.
    A view (dbt_project.yml): each reader's filter on report_id reaches report_values.
#}

with

definitions as (

    select
        *,
        {{ identity_number() }} as identity_number,
    from {{ ref('template_identities') }}

),

cells as (

    select * from {{ ref('report_values') }}
    where not is_derived

),

final as (

    select
        cells.report_id,
        definitions.identity_number,
        definitions.template_version,
        definitions.identity,
        definitions.scope,
        definitions.side,
        definitions.comparison,
        definitions.splits_fused_rows,
        cells.row_key,
        cells.col_key,
        cells.value_text,
        cells.source_position,
        coalesce(cells.value, 0) as value_or_zero,
        cells.value is not null or cells.is_blank as is_read,
        cells.is_blank,
        cells.is_uncertain_read,
        cells.is_read_by_identity,
        cells.is_ambiguous,

    from cells
    inner join definitions
        on
            cells.template_version = definitions.template_version
            and cells.table_key = definitions.table_key
            and cells.row_key = definitions.row_key
            and cells.col_key = definitions.col_key

)

select * from final
