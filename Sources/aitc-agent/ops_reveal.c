/* reveal operation: the retained outputs of the last run with "output_digests", at the positions the
 * harness picked after that run's digests reached it (commit, then reveal). */
#include <stdlib.h>

#include "ops.h"
#include "request.h"
#include "run_reply.h"

int op_reveal(op_ctx *c, agent_error *err)
{
    const retained_outputs *kept = &c->st->retained;
    json_object *queries;
    if (req_array(c->req, "queries", 1, &queries, err) != 0) {
        return -1;
    }
    if (!kept->valid || kept->n_queries == 0) {
        return agent_fail(err, AE_BAD_REQUEST,
                          "reveal: no outputs are kept; the last run must ask for \"output_digests\":true");
    }
    size_t asked = json_object_array_length(queries);
    if (asked > kept->n_queries) {
        return agent_fail(err, AE_BAD_REQUEST, "queries: %zu positions asked, the last run had %zu queries", asked,
                          kept->n_queries);
    }
    int64_t *positions = NULL;
    size_t n = 0;
    if (req_int_array(queries, "queries", 0, (int64_t)kept->n_queries - 1, &positions, &n, err) != 0) {
        return -1;
    }
    if (reveal_reply_write(c->out, c->id, kept, positions, n) != 0) {
        c->write_failed = 1;
    }
    free(positions);
    return 0;
}
