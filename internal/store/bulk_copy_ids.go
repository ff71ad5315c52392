package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Ids for rows written by COPY. A row whose writer needs its id (a person
// before their referrals) cannot wait for the table to number it, so the
// transaction numbers its rows itself: it locks the table against other
// writers (readers go on), takes the sequence's next value, counts on
// from it, and before it commits sets the sequence to the first id it did
// not use. The rows get the ids, in the same order and with no gaps, that
// the INSERTs would have drawn, as on SQLite; and with the table locked no
// other transaction's INSERT can draw one of them meanwhile. A statement
// in the transaction that writes the table itself gives the sequence back
// first (copier.before), so its INSERT draws the next id too.

// nextID is the next id for a row of table.
func (c *copier) nextID(ctx context.Context, table string) (int64, error) {
	if c.err != nil {
		return 0, c.err
	}
	if id, ok := c.next[table]; ok {
		c.next[table] = id + 1
		return id, nil
	}
	var id int64
	err := c.raw(func(pc *pgx.Conn) error {
		if _, err := pc.Exec(ctx, `LOCK TABLE `+pgx.Identifier{table}.Sanitize()+` IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		return pc.QueryRow(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id'))`, table).Scan(&id)
	})
	if err != nil {
		c.err = fmt.Errorf("bulk: number %s rows: %w", table, err)
		return 0, c.err
	}
	c.next[table] = id + 1
	return id, nil
}

// releaseIDs sets the sequence of each of tables to the first id the
// transaction did not use, and stops numbering their rows.
func (c *copier) releaseIDs(ctx context.Context, tables ...string) error {
	if c.err != nil {
		return c.err
	}
	for _, table := range tables {
		next := c.next[table]
		err := c.raw(func(pc *pgx.Conn) error {
			_, err := pc.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), $2, false)`, table, next)
			return err
		})
		if err != nil {
			c.err = fmt.Errorf("bulk: number %s rows: %w", table, err)
			return c.err
		}
		delete(c.next, table)
	}
	return nil
}
