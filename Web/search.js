// The place search: an ARIA 1.2 combobox (an input with a listbox popup) over GET /api/geocode.
// Typing searches after a 200 ms pause; arrows move through the results, Enter chooses, Escape closes.

import { ApiError, geocode } from './api.js';

const DEBOUNCE_MS = 200;
const LIMIT = 6;

/** The name and the rest of a Nominatim display_name ("Helsinki, Uusimaa, Finland"). */
export function splitPlaceName(displayName) {
  const parts = String(displayName ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  return { name: parts[0] ?? '', country: parts.length > 1 ? parts[parts.length - 1] : '' };
}

/**
 * @param input the combobox input; @param list its listbox (ul); @param status a polite live region.
 * @param onChoose called with `{name, country, displayName, lat, lng}`.
 */
export function setUpPlaceSearch({ input, list, status, onChoose }) {
  let timer = 0;
  let controller = null;
  let results = [];
  let active = -1;
  let lastQuery = '';

  const open = () => {
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const setActive = (index) => {
    const options = list.querySelectorAll('[role="option"]');
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach((option, i) => option.setAttribute('aria-selected', String(i === active)));
    const option = options[active];
    input.setAttribute('aria-activedescendant', option.id);
    option.scrollIntoView({ block: 'nearest' });
  };

  const choose = (index) => {
    const place = results[index];
    if (!place) return;
    const lat = Number(place.lat);
    const lng = Number(place.lon);
    if (!Number.isFinite(lat) || !Number.isFinite(lng)) return;
    const { name, country } = splitPlaceName(place.display_name);
    input.value = place.display_name;
    lastQuery = input.value.trim();
    close();
    status.textContent = `Showing ${name}.`;
    onChoose({ name, country, displayName: place.display_name, lat, lng });
  };

  const render = () => {
    list.replaceChildren(...results.map((place, i) => {
      const li = document.createElement('li');
      li.id = `place-option-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.className = 'place-option';
      const { name } = splitPlaceName(place.display_name);
      const strong = document.createElement('span');
      strong.className = 'place-option-name';
      strong.textContent = name;
      const rest = document.createElement('span');
      rest.className = 'place-option-detail';
      rest.textContent = String(place.display_name ?? '').slice(name.length).replace(/^,\s*/, '');
      li.append(strong, rest);
      // mousedown, not click: it comes before the input's blur closes the list.
      li.addEventListener('mousedown', (event) => {
        event.preventDefault();
        choose(i);
      });
      return li;
    }));
    if (results.length) {
      open();
      status.textContent = `${results.length} ${results.length === 1 ? 'place' : 'places'} found; use the arrow keys to choose.`;
    } else {
      close();
      status.textContent = 'No places found.';
    }
  };

  const search = async (query) => {
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    input.setAttribute('aria-busy', 'true');
    try {
      const found = await geocode(query, LIMIT, signal);
      if (signal.aborted) return;
      results = Array.isArray(found) ? found.filter((p) => p && p.display_name && p.lat !== undefined && p.lon !== undefined) : [];
      active = -1;
      render();
    } catch (error) {
      if (error.name === 'AbortError') return;
      results = [];
      list.replaceChildren();
      close();
      status.textContent = error instanceof ApiError && error.status === 401
        ? 'Place search needs an API key: enter it at the top of the page.'
        : `Place search failed: ${error.message}`;
    } finally {
      if (!signal.aborted) input.removeAttribute('aria-busy');
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < 2) {
      controller?.abort();
      results = [];
      list.replaceChildren();
      close();
      return;
    }
    timer = setTimeout(() => {
      lastQuery = query;
      search(query);
    }, DEBOUNCE_MS);
  });

  input.addEventListener('keydown', (event) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (list.hidden && results.length) open();
        setActive(active + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (list.hidden && results.length) open();
        setActive(active < 0 ? results.length - 1 : active - 1);
        break;
      case 'Enter':
        event.preventDefault(); // never submit the form from the search box
        if (!list.hidden && results.length) {
          choose(active >= 0 ? active : 0);
        } else if (input.value.trim().length >= 2 && input.value.trim() !== lastQuery) {
          clearTimeout(timer);
          lastQuery = input.value.trim();
          search(lastQuery);
        }
        break;
      case 'Escape':
        if (!list.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = '';
        }
        break;
      default:
        break;
    }
  });

  input.addEventListener('blur', () => close());
  input.addEventListener('focus', () => {
    if (results.length && input.value.trim() === lastQuery) {
      open();
    }
  });
}
