{#
    A number split across two cells: an identity within one row (a row's 总计 = its parts) that
    breaks as printed but balances when two neighbouring cells of the row are read as one number
    (1 | 2 read as 12), held by either of the two, the other then empty. A table finder that cuts
    a cell in two does this; so does a crawler that drops a cell border. An extraction-quality
    finding (warning, likely cause extraction) beside the broken identity, naming the two cells.
#}

with

members as (

    select * from {{ ref('identity_members') }}
    where comparison = 'equal'

),

items as (

    select * from {{ ref('template_items') }}

),

one_row_identities as (

    -- identities whose member cells all stand in one printed row: the template says which
    select
        definitions.identity,
        definitions.scope,
    from {{ ref('template_identities') }} as definitions
    group by definitions.identity, definitions.scope
    having
        count(distinct definitions.template_version || '.' || definitions.row_key)
        = count(distinct definitions.template_version)

),

broken as (

    -- such an identity broken with every cell read and none ambiguous (identity_sums' sides)
    select
        sums.report_id,
        sums.check_name as identity,
        sums.scope,
        sums.lhs,
        sums.rhs,
    from {{ ref('identity_sums') }} as sums
    inner join one_row_identities
        on
            sums.check_name = one_row_identities.identity
            and sums.scope = one_row_identities.scope
    where sums.comparison = 'equal' and sums.is_evaluable and sums.lhs <> sums.rhs

),

ordered as (

    select
        members.*,
        items.col_order,
        case when members.side = 'lhs' then 1 else -1 end as sign,
        regexp_replace(coalesce(members.value_text, ''), '\s', '', 'g') as digits,
        lead(members.col_key) over cell_order as next_col_key,
        lead(items.col_order) over cell_order as next_col_order,
        lead(members.side) over cell_order as next_side,
        lead(members.value_or_zero) over cell_order as next_value,
        lead(regexp_replace(coalesce(members.value_text, ''), '\s', '', 'g')) over cell_order as next_digits,
        lead(members.source_position) over cell_order as next_position,
    from members
    inner join broken
        on
            members.report_id = broken.report_id
            and members.identity = broken.identity
            and members.scope = broken.scope
    inner join items
        on
            members.template_version = items.template_version
            and members.row_key = items.row_key
            and members.col_key = items.col_key  -- (version, row, column) names one cell
    window cell_order as (
        partition by members.report_id, members.identity, members.scope order by items.col_order
    )

),

pairs as (

    select
        ordered.report_id,
        ordered.identity,
        ordered.scope,
        ordered.row_key,
        ordered.col_key,
        ordered.next_col_key,
        ordered.digits || ordered.next_digits as joined_text,
        (ordered.digits || ordered.next_digits)::decimal(18, 4) as joined,
        ordered.value_or_zero as first_value,
        ordered.next_value as second_value,
        ordered.sign as first_sign,
        case when ordered.next_side = 'lhs' then 1 else -1 end as second_sign,
        ordered.digits as first_text,
        ordered.next_digits as second_text,
        ordered.source_position as first_position,
        ordered.next_position as second_position,
        broken.lhs - broken.rhs as difference,
    from ordered
    inner join broken
        on
            ordered.report_id = broken.report_id
            and ordered.identity = broken.identity
            and ordered.scope = broken.scope
    where
        ordered.next_col_order = ordered.col_order + 1
        and regexp_matches(ordered.digits, '^[0-9]+$')
        and regexp_matches(ordered.next_digits, '^[0-9]+$')
        and length(ordered.digits || ordered.next_digits) <= 12

),

balancing as (

    -- the joined number held by the first cell (the second empty), or by the second
    select
        *,
        case
            when
                difference
                + first_sign * (joined - first_value)
                - second_sign * second_value = 0
                then col_key
            when
                difference
                + second_sign * (joined - second_value)
                - first_sign * first_value = 0
                then next_col_key
        end as holder,
    from pairs

),

final as (

    select
        report_id || '.split_cell.' || identity || '.' || scope as check_id,
        report_id,
        'split_cell' as check_family,
        'split_cell' as check_name,
        identity || ':' || scope as scope,
        'equal' as comparison,
        count(*) as lhs,
        0 as rhs,
        2 * count(*) as cells_found,
        2 as cells_expected,
        true as is_evaluable,
        false as blanks_involved,
        true as inferred_involved,
        false as ambiguous_involved,
        null as compared_report_id,
        string_agg(
            row_key || '.' || col_key || '=' || first_text || ' @' || coalesce(first_position, '?')
            || ' + ' || row_key || '.' || next_col_key || '=' || second_text || ' @' || coalesce(second_position, '?')
            || ' read as ' || joined_text || ' in ' || holder || ' balances ' || identity || ' ' || scope,
            '; '
        ) as evidence,

    from balancing
    where holder is not null
    group by report_id, identity, scope

)

select {{ check_columns() }} from final
