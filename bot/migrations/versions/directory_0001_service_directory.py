"""Local Offer service directory (Open Referral UK / HSDS 3 subset) and its search tags.

Revision ID: directory_0001
Revises: 0001_base
Create Date: 2026-11-28 05:51:22.278797
"""
from alembic import op
import sqlalchemy as sa


revision = 'directory_0001'
down_revision = '0001_base'
branch_labels = ('directory',)
depends_on = None


def upgrade() -> None:
    op.create_table('directory_location',
    sa.Column('id', sa.String(length=250), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=True),
    sa.Column('address_1', sa.String(length=500), nullable=True),
    sa.Column('city', sa.String(length=200), nullable=True),
    sa.Column('region', sa.String(length=200), nullable=True),
    sa.Column('postal_code', sa.String(length=20), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('directory_organization',
    sa.Column('id', sa.String(length=250), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('url', sa.String(length=1000), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('directory_taxonomy_term',
    sa.Column('id', sa.String(length=250), nullable=False),
    sa.Column('code', sa.String(length=250), nullable=True),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('taxonomy', sa.String(length=250), nullable=True),
    sa.Column('parent_id', sa.String(length=250), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('directory_service',
    sa.Column('id', sa.String(length=250), nullable=False),
    sa.Column('organization_id', sa.String(length=250), nullable=True),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('alternate_name', sa.String(length=500), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('url', sa.String(length=1000), nullable=True),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('status', sa.String(length=50), nullable=False),
    sa.Column('fees_description', sa.Text(), nullable=True),
    sa.Column('eligibility_description', sa.Text(), nullable=True),
    sa.Column('minimum_age', sa.Integer(), nullable=True),
    sa.Column('maximum_age', sa.Integer(), nullable=True),
    sa.Column('service_area', sa.String(length=500), nullable=True),
    sa.Column('ehc_plan_needed', sa.Boolean(), nullable=False),
    sa.Column('countywide', sa.Boolean(), nullable=False),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.Column('source_file', sa.String(length=500), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['directory_organization.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('directory_service', schema=None) as batch_op:
        batch_op.create_index('ix_directory_service_ages', ['minimum_age', 'maximum_age'], unique=False)
        batch_op.create_index(batch_op.f('ix_directory_service_is_sample'), ['is_sample'], unique=False)
        batch_op.create_index(batch_op.f('ix_directory_service_organization_id'), ['organization_id'], unique=False)

    op.create_table('directory_attribute',
    sa.Column('id', sa.String(length=250), nullable=False),
    sa.Column('link_id', sa.String(length=250), nullable=False),
    sa.Column('link_type', sa.String(length=100), nullable=True),
    sa.Column('link_entity', sa.String(length=50), nullable=False),
    sa.Column('taxonomy_term_id', sa.String(length=250), nullable=False),
    sa.Column('value', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['link_id'], ['directory_service.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['taxonomy_term_id'], ['directory_taxonomy_term.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('directory_attribute', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directory_attribute_link_id'), ['link_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_directory_attribute_taxonomy_term_id'), ['taxonomy_term_id'], unique=False)

    op.create_table('directory_contact',
    sa.Column('id', sa.String(length=250), nullable=False),
    sa.Column('service_id', sa.String(length=250), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=True),
    sa.Column('title', sa.String(length=500), nullable=True),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['directory_service.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('directory_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directory_contact_service_id'), ['service_id'], unique=False)

    op.create_table('directory_cost_option',
    sa.Column('id', sa.String(length=250), nullable=False),
    sa.Column('service_id', sa.String(length=250), nullable=False),
    sa.Column('option', sa.String(length=500), nullable=True),
    sa.Column('amount', sa.Float(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('amount_description', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['directory_service.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('directory_cost_option', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directory_cost_option_service_id'), ['service_id'], unique=False)

    op.create_table('directory_phone',
    sa.Column('id', sa.String(length=250), nullable=False),
    sa.Column('service_id', sa.String(length=250), nullable=False),
    sa.Column('contact_id', sa.String(length=250), nullable=True),
    sa.Column('number', sa.String(length=50), nullable=False),
    sa.Column('type', sa.String(length=50), nullable=True),
    sa.Column('description', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['directory_service.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('directory_phone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directory_phone_service_id'), ['service_id'], unique=False)

    op.create_table('directory_schedule',
    sa.Column('id', sa.String(length=250), nullable=False),
    sa.Column('service_id', sa.String(length=250), nullable=False),
    sa.Column('byday', sa.String(length=100), nullable=True),
    sa.Column('opens_at', sa.String(length=20), nullable=True),
    sa.Column('closes_at', sa.String(length=20), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['directory_service.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('directory_schedule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directory_schedule_service_id'), ['service_id'], unique=False)

    op.create_table('directory_search_tag',
    sa.Column('service_id', sa.String(length=250), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('value', sa.String(length=100), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['directory_service.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('service_id', 'kind', 'value')
    )
    with op.batch_alter_table('directory_search_tag', schema=None) as batch_op:
        batch_op.create_index('ix_directory_search_tag_lookup', ['kind', 'value', 'service_id', 'weight'], unique=False)

    op.create_table('directory_service_at_location',
    sa.Column('id', sa.String(length=250), nullable=False),
    sa.Column('service_id', sa.String(length=250), nullable=False),
    sa.Column('location_id', sa.String(length=250), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['directory_location.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['directory_service.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('directory_service_at_location', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directory_service_at_location_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_directory_service_at_location_service_id'), ['service_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('directory_service_at_location', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directory_service_at_location_service_id'))
        batch_op.drop_index(batch_op.f('ix_directory_service_at_location_location_id'))

    op.drop_table('directory_service_at_location')
    with op.batch_alter_table('directory_search_tag', schema=None) as batch_op:
        batch_op.drop_index('ix_directory_search_tag_lookup')

    op.drop_table('directory_search_tag')
    with op.batch_alter_table('directory_schedule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directory_schedule_service_id'))

    op.drop_table('directory_schedule')
    with op.batch_alter_table('directory_phone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directory_phone_service_id'))

    op.drop_table('directory_phone')
    with op.batch_alter_table('directory_cost_option', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directory_cost_option_service_id'))

    op.drop_table('directory_cost_option')
    with op.batch_alter_table('directory_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directory_contact_service_id'))

    op.drop_table('directory_contact')
    with op.batch_alter_table('directory_attribute', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directory_attribute_taxonomy_term_id'))
        batch_op.drop_index(batch_op.f('ix_directory_attribute_link_id'))

    op.drop_table('directory_attribute')
    with op.batch_alter_table('directory_service', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directory_service_organization_id'))
        batch_op.drop_index(batch_op.f('ix_directory_service_is_sample'))
        batch_op.drop_index('ix_directory_service_ages')

    op.drop_table('directory_service')
    op.drop_table('directory_taxonomy_term')
    op.drop_table('directory_organization')
    op.drop_table('directory_location')
