-- Sync Schema (S2, S6): the describe metadata of each synced object's fields, as of the last cycle.
CREATE TABLE sf_field (
  object_name   VARCHAR(80)  NOT NULL,
  field_name    VARCHAR(80)  NOT NULL,
  label         VARCHAR(255),
  field_type    VARCHAR(40)  NOT NULL,
  field_length  INTEGER,
  calculated    BOOLEAN      NOT NULL,
  createable    BOOLEAN      NOT NULL,
  updateable    BOOLEAN      NOT NULL,
  nillable      BOOLEAN      NOT NULL,
  reference_to  VARCHAR(255),
  described_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  CONSTRAINT sf_field_pk PRIMARY KEY (object_name, field_name)
);
