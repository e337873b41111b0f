package sandbox

import (
	"net/http"
	"time"
)

// adobeReplayFor is how long Adobe replays the answer of a correlation id:
// "The idempotency check is valid for 10 days" (references/idempotency.md).
const adobeReplayFor = 10 * 24 * time.Hour

// adobeReply is an answer cached under its correlation id, and when.
type adobeReply struct {
	answer
	at time.Time
}

// adobeGateway checks what Adobe's gateway checks, in its order: API key
// (403 4115), token (403 4117 missing, 401 4116 invalid), correlation id
// (400 4119), duplicate request id (400 4120); then replays the cached
// answer of a correlation id seen before on the same API (method and path),
// for 10 days, or serves and caches. A request whose correlation id is
// being served already waits for that answer and gets it: one intent is
// applied once, however its retries overlap. The gateway's own refusals and
// the sandbox's injected faults are not cached (an inference: they come
// before Adobe looked at the request). Pending accounts whose window has
// passed settle before anything is served.
func (s *Server) adobeGateway(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// Adobe's API key is the credential's client id; the static one is
		// the sandbox's api key.
		switch key := r.Header.Get("X-Api-Key"); {
		case key == "" || (key != s.opts.APIKey && key != DefaultClientID):
			writeAdobeError(w, http.StatusForbidden, "4115", "Invalid or missing API key")
			return
		case r.Header.Get("Authorization") == "":
			writeAdobeError(w, http.StatusForbidden, "4117", "Missing token")
			return
		case !s.authorized(r):
			writeAdobeError(w, http.StatusUnauthorized, "4116", "Invalid token")
			return
		}
		corr := r.Header.Get("X-Correlation-Id")
		if corr == "" {
			writeAdobeError(w, http.StatusBadRequest, "4119", "X-Correlation-Id header is missing")
			return
		}
		st := s.adobe()
		st.mu.Lock()
		if reqID := r.Header.Get("X-Request-Id"); reqID != "" {
			if prev, seen := st.requestIDs[reqID]; seen && prev != corr {
				st.mu.Unlock()
				writeAdobeError(w, http.StatusBadRequest, "4120", "Duplicate X-Request-Id with a different X-Correlation-Id")
				return
			}
			st.requestIDs[reqID] = corr
		}
		key := r.Method + " " + r.URL.Path + " " + corr
		reply, replay := st.cachedReply(key)
		for !replay {
			done, busy := st.inFlight[key]
			if !busy {
				break
			}
			st.mu.Unlock()
			select {
			case <-done:
			case <-r.Context().Done():
				return
			}
			st.mu.Lock()
			reply, replay = st.cachedReply(key)
		}
		if !replay {
			done := make(chan struct{})
			st.inFlight[key] = done
			st.settle()
			st.mu.Unlock()
			s.runBeforeServe(r)
			reply = adobeReply{served(h, r), st.now()}
			st.mu.Lock()
			if len(st.replies) >= maxAdobeReplies {
				st.replies, st.requestIDs = map[string]adobeReply{}, map[string]string{}
			}
			st.replies[key] = reply
			delete(st.inFlight, key)
			close(done)
		}
		st.mu.Unlock()
		reply.write(w)
	}
}

// cachedReply is the answer cached under key, unless it is older than the
// 10 days Adobe keeps it; the caller holds mu.
func (st *adobeStore) cachedReply(key string) (adobeReply, bool) {
	reply, ok := st.replies[key]
	if ok && st.now().Sub(reply.at) > adobeReplayFor {
		delete(st.replies, key)
		return adobeReply{}, false
	}
	return reply, ok
}

// settle ends the pending window of every created account whose window has
// passed: it takes the pending outcome (1000 unless set otherwise); the
// caller holds mu.
func (st *adobeStore) settle() {
	if len(st.pending) == 0 {
		return
	}
	now := st.now()
	kept := st.pending[:0]
	for _, id := range st.pending {
		c := st.find(id)
		switch {
		case c == nil || c.Status != "1002" || c.PendingUntil.IsZero():
		case !now.Before(c.PendingUntil):
			c.Status = st.pendingOutcome
			st.changed()
		default:
			kept = append(kept, id)
		}
	}
	st.pending = kept
}
